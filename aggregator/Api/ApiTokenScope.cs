namespace NfBond.Aggregator.Api;

/// <summary>What an API token may do.</summary>
public enum ApiTokenScope
{
    /// <summary>Read only: GET requests (dashboards, reports, monitoring).</summary>
    Read,

    /// <summary>Everything: also commands, configs and rollbacks.</summary>
    Operator,
}
