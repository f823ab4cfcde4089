namespace NfBond.Aggregator.Reports;

/// <summary>An outage in a report, clipped to the report's period.</summary>
/// <param name="Scope">A link's name, or "site" (every link down).</param>
/// <param name="From">Start, ms since 1970 UTC.</param>
/// <param name="To">End, ms since 1970 UTC.</param>
/// <param name="Cause">What the controller said when it began.</param>
public sealed record ReportOutage(string Scope, long From, long To, string Cause)
{
    /// <summary>Gets its length, ms.</summary>
    public long DurationMs => To - From;
}
