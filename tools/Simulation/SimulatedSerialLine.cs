using NfBond.Hal;

namespace NfBond.Simulation;

/// <summary>
/// The host end of an in-process UART: what the host writes goes to <see cref="Transmitted"/>, what the
/// device end delivers with <see cref="Deliver"/> waits to be read, and <see cref="ISerialLine.DataReceived"/>
/// fires at once, as a real port's reader thread would.
/// </summary>
public sealed class SimulatedSerialLine : ISerialLine
{
    private readonly Queue<byte> _received = new();
    private readonly object _lock = new();
    private int _baudRate;

    /// <summary>Creates a closed line.</summary>
    /// <param name="portName">The name reported by <see cref="PortName"/>.</param>
    /// <param name="baudRate">The initial bit rate.</param>
    public SimulatedSerialLine(string portName, int baudRate)
    {
        PortName = portName;
        _baudRate = baudRate;
    }

    /// <inheritdoc/>
    public event SerialDataHandler? DataReceived;

    /// <summary>Raised with each write by the host (the device end listens here).</summary>
    public event Action<byte[]>? Transmitted;

    /// <summary>Raised when the host changes the bit rate.</summary>
    public event Action<int>? BaudRateChanged;

    /// <inheritdoc/>
    public string PortName { get; }

    /// <inheritdoc/>
    public int BaudRate
    {
        get => _baudRate;
        set
        {
            _baudRate = value;
            BaudRateChanged?.Invoke(value);
        }
    }

    /// <inheritdoc/>
    public bool IsOpen { get; private set; }

    /// <summary>Gets how many bytes the host has written.</summary>
    public long BytesTransmitted { get; private set; }

    /// <inheritdoc/>
    public void Open() => IsOpen = true;

    /// <inheritdoc/>
    public void Close()
    {
        IsOpen = false;
        lock (_lock)
        {
            _received.Clear();
        }
    }

    /// <inheritdoc/>
    public int Read(byte[] buffer, int offset, int count)
    {
        lock (_lock)
        {
            int n = 0;
            while (n < count && _received.Count > 0)
            {
                buffer[offset + n++] = _received.Dequeue();
            }

            return n;
        }
    }

    /// <inheritdoc/>
    public void Write(byte[] buffer, int offset, int count)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"{PortName} is not open");
        }

        byte[] copy = new byte[count];
        Array.Copy(buffer, offset, copy, 0, count);
        BytesTransmitted += count;
        Transmitted?.Invoke(copy);
    }

    /// <summary>Device end: bytes arrive at the host. Dropped while the line is closed, as on a real port.</summary>
    /// <param name="data">The bytes.</param>
    public void Deliver(byte[] data)
    {
        if (!IsOpen)
        {
            return;
        }

        lock (_lock)
        {
            foreach (byte b in data)
            {
                _received.Enqueue(b);
            }
        }

        DataReceived?.Invoke(this);
    }
}
