using System;
using System.IO.Ports;

namespace NfBond.Hal.Linux;

/// <summary>A modem UART on System.IO.Ports (<c>/dev/ttyS*</c>, <c>/dev/ttyUSB*</c>, or a pseudo-terminal in tests).</summary>
public sealed class SerialPortLine : ISerialLine, IDisposable
{
    private readonly SerialPort _port;

    /// <summary>Creates a closed line.</summary>
    /// <param name="portName">The device path.</param>
    /// <param name="baudRate">The initial bit rate.</param>
    public SerialPortLine(string portName, int baudRate)
    {
        _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = 0,
        };
        _port.DataReceived += (_, _) => DataReceived?.Invoke(this);
    }

    /// <inheritdoc/>
    public event SerialDataHandler? DataReceived;

    /// <inheritdoc/>
    public string PortName => _port.PortName;

    /// <inheritdoc/>
    public int BaudRate
    {
        get => _port.BaudRate;
        set => _port.BaudRate = value;
    }

    /// <inheritdoc/>
    public bool IsOpen => _port.IsOpen;

    /// <inheritdoc/>
    public void Open()
    {
        _port.Open();
        _port.DiscardInBuffer();
    }

    /// <inheritdoc/>
    public void Close() => _port.Close();

    /// <inheritdoc/>
    public int Read(byte[] buffer, int offset, int count)
    {
        int available = _port.IsOpen ? _port.BytesToRead : 0;
        if (available <= 0)
        {
            return 0;
        }

        return _port.Read(buffer, offset, Math.Min(available, count));
    }

    /// <inheritdoc/>
    public void Write(byte[] buffer, int offset, int count) => _port.Write(buffer, offset, count);

    /// <inheritdoc/>
    public void Dispose() => _port.Dispose();
}
