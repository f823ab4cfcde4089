namespace NfBond.Aggregator.Cockpit;

/// <summary>How a site is doing, worst last (the overview sorts and filters by it).</summary>
public enum SiteStatus
{
    /// <summary>Every link up, the primary carries the traffic.</summary>
    Online,

    /// <summary>A link is down, the primary still carries the traffic.</summary>
    Degraded,

    /// <summary>The primary is down; a backup link carries the traffic.</summary>
    Backup,

    /// <summary>No controller of the site is connected.</summary>
    Offline,

    /// <summary>No link can carry traffic.</summary>
    Down,
}
