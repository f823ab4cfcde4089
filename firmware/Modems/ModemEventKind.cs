namespace NfBond.Firmware.Modems;

/// <summary>What a <see cref="ModemEvent"/> reports.</summary>
public enum ModemEventKind
{
    /// <summary>The supervisor changed state.</summary>
    StateChanged,

    /// <summary>A failure was detected; the cause says exactly what.</summary>
    Fault,

    /// <summary>A recovery action was taken.</summary>
    Recovery,

    /// <summary>A recovery action was withheld (reset cap, back-off).</summary>
    Held,
}
