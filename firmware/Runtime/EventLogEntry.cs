namespace NfBond.Firmware.Runtime;

/// <summary>One diagnostic record in an <see cref="EventLog"/>.</summary>
public struct EventLogEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="sequence">Position in the log since start-up, from 1.</param>
    /// <param name="timeMs">Loop-clock time of the record.</param>
    /// <param name="source">The module that wrote it, e.g. "modem1" or "board".</param>
    /// <param name="message">What happened, with the cause.</param>
    public EventLogEntry(long sequence, long timeMs, string source, string message)
    {
        Sequence = sequence;
        TimeMs = timeMs;
        Source = source;
        Message = message;
    }

    /// <summary>Gets the position in the log since start-up, from 1.</summary>
    public long Sequence { get; }

    /// <summary>Gets the loop-clock time of the record.</summary>
    public long TimeMs { get; }

    /// <summary>Gets the module that wrote the record.</summary>
    public string Source { get; }

    /// <summary>Gets what happened.</summary>
    public string Message { get; }
}
