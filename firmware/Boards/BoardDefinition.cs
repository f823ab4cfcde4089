namespace NfBond.Firmware.Boards;

/// <summary>
/// A validated board definition: which MCU, which status LED, and which modem is wired to which UART
/// and GPIOs. Read from boards/*.json by <see cref="BoardDefinitionReader"/>.
/// </summary>
public sealed class BoardDefinition
{
    /// <summary>Creates a board definition.</summary>
    /// <param name="id">Stable identifier, e.g. "esp32-devkitc-2modem".</param>
    /// <param name="name">Human-readable name.</param>
    /// <param name="mcu">"esp32" or "stm32".</param>
    /// <param name="statusLedPin">GPIO of the status LED.</param>
    /// <param name="statusLedActiveHigh">True if a high level lights the LED.</param>
    /// <param name="modems">The modem ports.</param>
    public BoardDefinition(string id, string name, string mcu, int statusLedPin, bool statusLedActiveHigh, ModemPortDefinition[] modems)
    {
        Id = id;
        Name = name;
        Mcu = mcu;
        StatusLedPin = statusLedPin;
        StatusLedActiveHigh = statusLedActiveHigh;
        Modems = modems;
    }

    /// <summary>Gets the board identifier.</summary>
    public string Id { get; }

    /// <summary>Gets the human-readable name.</summary>
    public string Name { get; }

    /// <summary>Gets the MCU family.</summary>
    public string Mcu { get; }

    /// <summary>Gets the status LED GPIO.</summary>
    public int StatusLedPin { get; }

    /// <summary>Gets whether a high level lights the status LED.</summary>
    public bool StatusLedActiveHigh { get; }

    /// <summary>Gets the modem ports.</summary>
    public ModemPortDefinition[] Modems { get; }
}
