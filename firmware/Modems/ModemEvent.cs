namespace NfBond.Firmware.Modems;

/// <summary>One thing that happened to a modem, with its cause, for the event log and telemetry.</summary>
public sealed class ModemEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="timeMs">Loop time.</param>
    /// <param name="kind">What it reports.</param>
    /// <param name="state">The supervisor state after the event.</param>
    /// <param name="step">The recovery rung involved, or <see cref="RecoveryStep.None"/>.</param>
    /// <param name="cause">Why, in words a technician can act on.</param>
    public ModemEvent(long timeMs, ModemEventKind kind, ModemState state, RecoveryStep step, string cause)
    {
        TimeMs = timeMs;
        Kind = kind;
        State = state;
        Step = step;
        Cause = cause;
    }

    /// <summary>Gets the loop time of the event.</summary>
    public long TimeMs { get; }

    /// <summary>Gets what the event reports.</summary>
    public ModemEventKind Kind { get; }

    /// <summary>Gets the supervisor state after the event.</summary>
    public ModemState State { get; }

    /// <summary>Gets the recovery rung involved.</summary>
    public RecoveryStep Step { get; }

    /// <summary>Gets the cause.</summary>
    public string Cause { get; }
}
