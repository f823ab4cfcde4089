namespace NfBond.Firmware.Modems;

/// <summary>Why a <see cref="ModemSupervisor"/> probes with <c>AT</c>, which decides what silence means.</summary>
public enum ProbeReason
{
    /// <summary>Supervision started: silence means the modem is off, so switch it on.</summary>
    AtStart = 0,

    /// <summary>After a failure or a hold: silence may mean the modem is restarting, so wait for its boot URC.</summary>
    AfterFailure,

    /// <summary>After waiting for a boot URC in vain: silence means try the other baud rates, then climb the ladder.</summary>
    AfterBootWait,
}
