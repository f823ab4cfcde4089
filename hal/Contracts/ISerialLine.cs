namespace NfBond.Hal;

/// <summary>
/// One UART to a modem. Reading never blocks: the line raises <see cref="DataReceived"/> from its own
/// thread and the event loop drains it with <see cref="Read"/>.
/// </summary>
/// <remarks>
/// Implementations: System.IO.Ports on full .NET and nanoFramework, an in-process wire to the modem
/// simulator in tests.
/// </remarks>
public interface ISerialLine
{
    /// <summary>Gets the port name (COM2, /dev/ttyUSB2, /dev/pts/3).</summary>
    string PortName { get; }

    /// <summary>Gets or sets the bit rate; changing it on an open line takes effect at once.</summary>
    int BaudRate { get; set; }

    /// <summary>Gets whether the line is open.</summary>
    bool IsOpen { get; }

    /// <summary>Raised, on any thread, when bytes arrive.</summary>
    event SerialDataHandler DataReceived;

    /// <summary>Opens the line.</summary>
    void Open();

    /// <summary>Closes the line; bytes not yet read are dropped.</summary>
    void Close();

    /// <summary>Copies the bytes received so far, without waiting.</summary>
    /// <param name="buffer">Destination.</param>
    /// <param name="offset">First index written.</param>
    /// <param name="count">Most bytes to copy.</param>
    /// <returns>How many bytes were copied; 0 when nothing is waiting.</returns>
    int Read(byte[] buffer, int offset, int count);

    /// <summary>Sends bytes.</summary>
    /// <param name="buffer">Source.</param>
    /// <param name="offset">First index sent.</param>
    /// <param name="count">How many bytes to send.</param>
    void Write(byte[] buffer, int offset, int count);
}
