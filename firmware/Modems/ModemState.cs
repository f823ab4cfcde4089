namespace NfBond.Firmware.Modems;

/// <summary>Where a <see cref="ModemSupervisor"/> is in bringing its modem to "data ready" and keeping it there.</summary>
public enum ModemState
{
    /// <summary>Not started.</summary>
    Off,

    /// <summary>Checking whether the modem already answers AT (and at which baud rate).</summary>
    Probing,

    /// <summary>Pulsing the power key or cycling the supply.</summary>
    PoweringOn,

    /// <summary>Waiting for the boot URC.</summary>
    Booting,

    /// <summary>Sending settings and reading identity.</summary>
    Configuring,

    /// <summary>Waiting for the SIM (busy, PIN).</summary>
    SimCheck,

    /// <summary>Waiting for network registration.</summary>
    Registering,

    /// <summary>Setting the APN and activating the data session.</summary>
    Attaching,

    /// <summary>Registered with an active data session: traffic can flow.</summary>
    DataReady,

    /// <summary>Taking a recovery action.</summary>
    Recovering,

    /// <summary>Waiting out the reset cap or a back-off before the next action.</summary>
    Held,

    /// <summary>The SIM needs a person (missing, PUK, wrong PIN); checked again periodically.</summary>
    SimFault,
}
