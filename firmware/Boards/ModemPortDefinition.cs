namespace NfBond.Firmware.Boards;

/// <summary>One cellular modem slot on a board: its UART and its control lines.</summary>
public sealed class ModemPortDefinition
{
    /// <summary>Creates a modem port definition.</summary>
    /// <param name="name">Unique name on the board, used in events ("modem1").</param>
    /// <param name="model">The modem model fitted, e.g. "EC25".</param>
    /// <param name="uart">The UART wiring.</param>
    /// <param name="powerKeyPin">GPIO on the modem's PWRKEY input.</param>
    /// <param name="powerKeyActiveHigh">True if driving the pin high presses the key.</param>
    /// <param name="resetPin">GPIO on RESET_N, or -1 if not wired.</param>
    /// <param name="resetActiveHigh">True if driving the pin high asserts reset.</param>
    public ModemPortDefinition(string name, string model, UartDefinition uart, int powerKeyPin, bool powerKeyActiveHigh, int resetPin, bool resetActiveHigh)
    {
        Name = name;
        Model = model;
        Uart = uart;
        PowerKeyPin = powerKeyPin;
        PowerKeyActiveHigh = powerKeyActiveHigh;
        ResetPin = resetPin;
        ResetActiveHigh = resetActiveHigh;
    }

    /// <summary>Gets the port's unique name.</summary>
    public string Name { get; }

    /// <summary>Gets the modem model.</summary>
    public string Model { get; }

    /// <summary>Gets the UART wiring.</summary>
    public UartDefinition Uart { get; }

    /// <summary>Gets the power-key GPIO.</summary>
    public int PowerKeyPin { get; }

    /// <summary>Gets whether a high level presses the power key.</summary>
    public bool PowerKeyActiveHigh { get; }

    /// <summary>Gets the reset GPIO, or -1.</summary>
    public int ResetPin { get; }

    /// <summary>Gets whether a high level asserts reset.</summary>
    public bool ResetActiveHigh { get; }
}
