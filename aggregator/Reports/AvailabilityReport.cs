using NfBond.Aggregator.Fleet;

namespace NfBond.Aggregator.Reports;

/// <summary>
/// Availability, outages and downtime avoided over a period, from link state changes. The period is
/// [from, to); outages are clipped to it; maintenance windows are cut out of both the numerator and the
/// denominator of every availability (an outage inside a window neither counts against a link nor shortens
/// the time it had to be up). Downtime avoided is the time the primary link was down while the site was up
/// (another link carried the traffic), valued at the hourly cost.
/// </summary>
public sealed class AvailabilityReport
{
    private AvailabilityReport(Dictionary<string, double> availability, List<ReportOutage> outages, long avoided, decimal cost)
    {
        Availability = availability;
        Outages = outages;
        DowntimeAvoidedMs = avoided;
        CostAvoidedEur = cost;
    }

    /// <summary>Gets each link's and the site's ("site") share of the period outside maintenance during which it was up.</summary>
    public Dictionary<string, double> Availability { get; }

    /// <summary>Gets the outages in time order (links before the site at the same start).</summary>
    public List<ReportOutage> Outages { get; }

    /// <summary>Gets how long the primary was down while the site stayed up, ms.</summary>
    public long DowntimeAvoidedMs { get; }

    /// <summary>Gets <see cref="DowntimeAvoidedMs"/> in hours times the hourly cost, rounded to cents.</summary>
    public decimal CostAvoidedEur { get; }

    /// <summary>Computes the report.</summary>
    /// <param name="changes">Link state changes in time order (time, link, "up"/"down", cause); a link is up before its first.</param>
    /// <param name="period">The period.</param>
    /// <param name="maintenance">Maintenance windows (may overlap each other and the period's edges).</param>
    /// <param name="primary">The primary link, or null for the first link that appears.</param>
    /// <param name="hourlyCost">What an hour offline costs, EUR.</param>
    /// <returns>The report.</returns>
    public static AvailabilityReport Compute(IReadOnlyList<(long Ts, string Link, string State, string Cause)> changes, Interval period, IEnumerable<Interval> maintenance,
        string? primary, decimal hourlyCost) =>
        Compute(OutageCalculator.Compute(changes), changes.Select(c => c.Link).Distinct().ToList(), period, maintenance, primary, hourlyCost);

    /// <summary>Computes the report from outages already derived (a site's, from all its controllers).</summary>
    /// <param name="derived">Link outages and site outages ("*"); open ones end at -1.</param>
    /// <param name="links">The links, the primary's default first.</param>
    /// <param name="period">The period.</param>
    /// <param name="maintenance">Maintenance windows.</param>
    /// <param name="primary">The primary link, or null for the first of <paramref name="links"/>.</param>
    /// <param name="hourlyCost">What an hour offline costs, EUR (every hour counts).</param>
    /// <returns>The report.</returns>
    public static AvailabilityReport Compute(IReadOnlyList<Outage> derived, IReadOnlyList<string> links, Interval period, IEnumerable<Interval> maintenance, string? primary, decimal hourlyCost)
    {
        Dictionary<string, int> order = links.Select((l, i) => (l, i)).DistinctBy(x => x.l).ToDictionary(x => x.l, x => x.i);
        List<ReportOutage> outages = derived
            .Select(o => (o, clipped: new Interval(o.StartMs, o.EndMs < 0 ? long.MaxValue : o.EndMs).Clip(period)))
            .Where(x => x.clipped.Length > 0)
            .Select(x => new ReportOutage(x.o.Scope == "*" ? "site" : x.o.Scope, x.clipped.From, x.clipped.To, x.o.Cause))
            .OrderBy(o => o.From).ThenBy(o => o.Scope == "site" ? 1 : 0).ThenBy(o => order.GetValueOrDefault(o.Scope, -1))
            .ToList();
        List<Interval> windows = Interval.Union(maintenance.Select(m => m.Clip(period)));
        long counted = period.Length - windows.Sum(w => w.Length);
        Dictionary<string, double> availability = [];
        foreach (string scope in links.Append("site"))
        {
            long down = outages.Where(o => o.Scope == scope).Sum(o => o.DurationMs - new Interval(o.From, o.To).Overlap(windows));
            availability[scope] = counted <= 0 ? 1 : 1 - (double)down / counted;
        }

        string? main = primary ?? links.FirstOrDefault();
        List<Interval> siteDown = Interval.Union(outages.Where(o => o.Scope == "site").Select(o => new Interval(o.From, o.To)));
        List<Interval> avoided = [.. outages.Where(o => o.Scope == main).SelectMany(o => Interval.Subtract(new Interval(o.From, o.To), siteDown))];
        long avoidedMs = avoided.Sum(a => a.Length);
        decimal cost = Math.Round(avoidedMs / 3_600_000m * hourlyCost, 2, MidpointRounding.AwayFromZero);
        return new AvailabilityReport(availability, outages, avoidedMs, cost) { Avoided = avoided };
    }

    /// <summary>Gets the stretches the primary was down while the site stayed up (for costing inside business hours).</summary>
    public IReadOnlyList<Interval> Avoided { get; private init; } = [];
}
