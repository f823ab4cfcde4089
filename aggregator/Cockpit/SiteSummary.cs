namespace NfBond.Aggregator.Cockpit;

/// <summary>One row of the fleet overview.</summary>
/// <param name="Site">The site.</param>
/// <param name="Tenant">Its tenant, or empty.</param>
/// <param name="Status">How it is doing.</param>
/// <param name="Carrying">The links that carry traffic (weight above 0), heaviest first, comma-separated.</param>
/// <param name="Worst">The worst link and why (down, or its loss and latency), or empty.</param>
/// <param name="Vrrp">Each controller's VRRP role ("a: master, b: backup"), or empty without VRRP.</param>
/// <param name="LastEventKind">The newest event's kind, or empty.</param>
/// <param name="LastEventTs">Its time, ms since 1970 UTC, or 0.</param>
/// <param name="Controllers">How many controllers the site has.</param>
public sealed record SiteSummary(string Site, string Tenant, SiteStatus Status, string Carrying, string Worst, string Vrrp, string LastEventKind, long LastEventTs, int Controllers);
