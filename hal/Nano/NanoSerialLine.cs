using System.IO.Ports;

namespace NfBond.Hal.Nano
{
    /// <summary>A modem's UART on nanoFramework's <c>System.IO.Ports.SerialPort</c>.</summary>
    public sealed class NanoSerialLine : ISerialLine
    {
        private readonly SerialPort _port;

        /// <summary>Creates the line; the port opens in <see cref="Open"/>.</summary>
        /// <param name="portName">"COM2", "COM3".</param>
        /// <param name="baudRate">The bit rate.</param>
        /// <param name="hardwareFlowControl">True when RTS/CTS are wired.</param>
        public NanoSerialLine(string portName, int baudRate, bool hardwareFlowControl)
        {
            PortName = portName;
            _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            _port.Handshake = hardwareFlowControl ? Handshake.RequestToSend : Handshake.None;
            _port.DataReceived += OnDataReceived;
        }

        /// <inheritdoc/>
        public event SerialDataHandler DataReceived;

        /// <inheritdoc/>
        public string PortName { get; }

        /// <inheritdoc/>
        public int BaudRate
        {
            get => _port.BaudRate;
            set => _port.BaudRate = value;
        }

        /// <inheritdoc/>
        public bool IsOpen => _port.IsOpen;

        /// <inheritdoc/>
        public void Open() => _port.Open();

        /// <inheritdoc/>
        public void Close() => _port.Close();

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            // nano's Read blocks until count bytes or a timeout: ask only for what is waiting.
            int waiting = _port.IsOpen ? _port.BytesToRead : 0;
            return waiting == 0 ? 0 : _port.Read(buffer, offset, waiting < count ? waiting : count);
        }

        /// <inheritdoc/>
        public void Write(byte[] buffer, int offset, int count) => _port.Write(buffer, offset, count);

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            SerialDataHandler handler = DataReceived;
            if (handler != null)
            {
                handler(this);
            }
        }
    }
}
