namespace NfBond.Simulation.Modems;

/// <summary>
/// The field failures a simulated modem can show; set before or while it runs. Each one reproduces a
/// failure seen on real modules (see the reference notes on modems).
/// </summary>
public sealed class ModemFaults
{
    /// <summary>Gets or sets whether AT is dead (no echo, no answer) until the supply or power key cycles it.</summary>
    public bool Hang { get; set; }

    /// <summary>Gets or sets whether the module never comes back at all (dead hardware).</summary>
    public bool Dead { get; set; }

    /// <summary>Gets or sets how long after boot the SIM answers "SIM busy".</summary>
    public long SimBusyMs { get; set; } = 1500;

    /// <summary>Gets or sets how long after boot the SIM answers "SIM failure" before becoming ready (A7670 behaviour).</summary>
    public long SimFailureMs { get; set; }

    /// <summary>Gets or sets whether the SIM holder is empty.</summary>
    public bool SimMissing { get; set; }

    /// <summary>Gets or sets the SIM PIN, or null for a SIM without PIN.</summary>
    public string? SimPin { get; set; }

    /// <summary>Gets or sets whether the network denies registration.</summary>
    public bool RegistrationDenied { get; set; }

    /// <summary>Gets or sets whether a radio off/on clears the denial (SIM reactivated at the operator).</summary>
    public bool DenialClearsOnRadioCycle { get; set; } = true;

    /// <summary>Gets or sets whether the session is up but carries nothing (pings fail, receive counter frozen).</summary>
    public bool NoData { get; set; }

    /// <summary>Gets or sets whether only a power cycle clears <see cref="NoData"/> (otherwise PDP reactivation does).</summary>
    public bool NoDataNeedsPowerCycle { get; set; }

    /// <summary>Gets or sets whether the next command makes the module reboot mid-command.</summary>
    public bool RebootOnNextCommand { get; set; }

    /// <summary>Gets or sets a boot delay overriding the personality's (slow boot).</summary>
    public long? BootDelayMs { get; set; }

    /// <summary>Gets or sets whether the module boots without printing its boot URCs.</summary>
    public bool NoBootUrc { get; set; }

    /// <summary>Gets or sets whether the module resets on every data attach (supply brown-out).</summary>
    public bool BrownOutOnAttach { get; set; }

    /// <summary>Gets or sets a burst of 0xFF bytes sent before every response (a glitching UART).</summary>
    public int GarbageBytes { get; set; }

    /// <summary>Gets or sets how long registration takes after the radio comes up.</summary>
    public long RegistrationDelayMs { get; set; } = 2000;
}
