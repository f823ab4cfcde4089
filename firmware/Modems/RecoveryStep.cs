namespace NfBond.Firmware.Modems;

/// <summary>The rungs of the recovery ladder, mildest first. A failure enters at its own rung and climbs only when the rung below did not help.</summary>
public enum RecoveryStep
{
    /// <summary>Healthy; no recovery in progress.</summary>
    None,

    /// <summary>Resynchronise and probe with <c>AT</c> (tries other baud rates too).</summary>
    AtRetry,

    /// <summary>Deactivate and reactivate PDP context 1.</summary>
    PdpReactivate,

    /// <summary>Automatic operator selection (<c>AT+COPS=0</c>).</summary>
    OperatorReselect,

    /// <summary>Radio off, wait, radio on (<c>AT+CFUN=0</c>, <c>AT+CFUN=1</c>).</summary>
    RadioCycle,

    /// <summary>Modem restart by command (<c>AT+CFUN=1,1</c>, SIMCom <c>AT+CRESET</c>).</summary>
    SoftReset,

    /// <summary>Orderly power-off by command, then power-key on.</summary>
    GracefulPowerOff,

    /// <summary>Power key held for an off pulse, then an on pulse.</summary>
    PowerKeyCycle,

    /// <summary>Supply cut through the load switch (or RESET_N pulse where there is none).</summary>
    HardPowerCycle,
}
