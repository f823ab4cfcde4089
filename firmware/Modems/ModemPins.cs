using NfBond.Hal;

namespace NfBond.Firmware.Modems;

/// <summary>The control lines a board wires to one modem; any may be missing.</summary>
public sealed class ModemPins
{
    /// <summary>Gets or sets the power key line (high = pressed).</summary>
    public IGpioLine? PowerKey { get; set; }

    /// <summary>Gets or sets the RESET_N line (high = reset asserted).</summary>
    public IGpioLine? Reset { get; set; }

    /// <summary>Gets or sets the load switch (high = supply on).</summary>
    public IGpioLine? PowerSwitch { get; set; }
}
