// nanoframework/System.IO.Ports, System.IO.Ports/SerialPort.cs @ 04e9eab8ffe1d337ac4f18cdc8827988dbd3e46c
namespace System.IO.Ports
{
    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) => throw new NotImplementedException();

        public event SerialDataReceivedEventHandler DataReceived { add => throw new NotImplementedException(); remove => throw new NotImplementedException(); }

        public int BaudRate { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

        public Handshake Handshake { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

        public bool IsOpen => throw new NotImplementedException();

        public int BytesToRead => throw new NotImplementedException();

        public void Open() => throw new NotImplementedException();

        public void Close() => throw new NotImplementedException();

        public int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        public void Write(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }
}
