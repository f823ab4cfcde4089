namespace NfBond.Aggregator.Storage;

/// <summary>What the cockpit knows of one controller: its latest state and status and its last event.</summary>
/// <param name="Device">The controller.</param>
/// <param name="Site">Its site.</param>
/// <param name="State">Its latest state message, or null.</param>
/// <param name="StateReceived">When that state came, ms since 1970 UTC, or 0.</param>
/// <param name="Status">Its latest status message (online/offline), or null.</param>
/// <param name="LastEventKind">The kind of its newest event, or null.</param>
/// <param name="LastEventTs">That event's time, ms since 1970 UTC, or 0.</param>
public sealed record ControllerSnapshot(string Device, string Site, string? State, long StateReceived, string? Status, string? LastEventKind, long LastEventTs);
