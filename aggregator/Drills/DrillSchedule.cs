namespace NfBond.Aggregator.Drills;

/// <summary>A failover drill that runs by itself: the primary is taken out of the plan for a while and the switch time is measured.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Site">The site.</param>
/// <param name="Device">The controller that runs it.</param>
/// <param name="Link">The link taken out (the primary).</param>
/// <param name="Seconds">How long, 1-3600.</param>
/// <param name="Cron">When: a cron expression (5 fields, or 6 with seconds first) in <paramref name="TimeZone"/>.</param>
/// <param name="TimeZone">The site's IANA time zone.</param>
/// <param name="NextRun">When it runs next, ms since 1970 UTC.</param>
public sealed record DrillSchedule(long Id, string Site, string Device, string Link, int Seconds, string Cron, string TimeZone, long NextRun);
