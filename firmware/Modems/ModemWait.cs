namespace NfBond.Firmware.Modems;

/// <summary>What a <see cref="ModemSupervisor"/>'s one wait timer is waiting for; each wait is its own state.</summary>
public enum ModemWait
{
    /// <summary>Not waiting (the timer is off).</summary>
    None = 0,

    /// <summary>A pause before probing with <c>AT</c> again after no answer.</summary>
    ProbeRetry,

    /// <summary>The pause V.250 asks for after <c>AT+IPR</c> before talking at the new baud rate.</summary>
    BaudSettle,

    /// <summary>The power key is held down to switch the modem on.</summary>
    PowerKeyOnPulse,

    /// <summary>Waiting for the boot URC after switching on, a reset or a restart command.</summary>
    Boot,

    /// <summary>The power key is held down to switch the modem off.</summary>
    PowerKeyOffPulse,

    /// <summary>The modem is off and settling before it is switched on again.</summary>
    PoweredOff,

    /// <summary>The load switch has cut the supply for a hard power cycle.</summary>
    SupplyOff,

    /// <summary>RESET_N is held active.</summary>
    ResetPulse,

    /// <summary>A pause before reading <c>+CPIN</c> again (SIM busy, or a PIN was just sent).</summary>
    SimRetry,

    /// <summary>The SIM is at fault; checking it again later in case it was fixed.</summary>
    SimFaultRecheck,

    /// <summary>Held off (reset cap, backoff or a reboot loop) until a recovery step may be taken.</summary>
    Hold,
}
