namespace NfBond.Aggregator.Ingest;

/// <summary>A validated message on its way to storage.</summary>
/// <param name="Site">Site ID from the topic.</param>
/// <param name="Device">Device ID from the topic.</param>
/// <param name="Kind">birth, status, state or events.</param>
/// <param name="Seq">The event's sequence number (events only, else 0).</param>
/// <param name="Timestamp">The message's ts (ms since 1970 UTC), or the arrival time when absent.</param>
/// <param name="EventKind">The event's kind member (events only).</param>
/// <param name="Body">The JSON text.</param>
/// <param name="ReceivedAt">When the aggregator received it (ms since 1970 UTC).</param>
public sealed record IngestMessage(string Site, string Device, string Kind, long Seq, long Timestamp, string EventKind, string Body, long ReceivedAt);
