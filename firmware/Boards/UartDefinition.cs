namespace NfBond.Firmware.Boards;

/// <summary>The UART a modem is wired to.</summary>
public sealed class UartDefinition
{
    /// <summary>Creates a UART definition.</summary>
    /// <param name="port">The port name, e.g. "COM2".</param>
    /// <param name="txPin">GPIO driving the modem's RX.</param>
    /// <param name="rxPin">GPIO reading the modem's TX.</param>
    /// <param name="baud">Line speed.</param>
    /// <param name="rtsPin">GPIO for RTS, or -1 without hardware flow control.</param>
    /// <param name="ctsPin">GPIO for CTS, or -1 without hardware flow control.</param>
    public UartDefinition(string port, int txPin, int rxPin, int baud, int rtsPin, int ctsPin)
    {
        Port = port;
        TxPin = txPin;
        RxPin = rxPin;
        Baud = baud;
        RtsPin = rtsPin;
        CtsPin = ctsPin;
    }

    /// <summary>Gets the port name, e.g. "COM2".</summary>
    public string Port { get; }

    /// <summary>Gets the GPIO driving the modem's RX.</summary>
    public int TxPin { get; }

    /// <summary>Gets the GPIO reading the modem's TX.</summary>
    public int RxPin { get; }

    /// <summary>Gets the line speed in baud.</summary>
    public int Baud { get; }

    /// <summary>Gets the RTS GPIO, or -1.</summary>
    public int RtsPin { get; }

    /// <summary>Gets the CTS GPIO, or -1.</summary>
    public int CtsPin { get; }
}
