using System.Text.Json;
using NfBond.Aggregator.Cockpit;
using NfBond.Aggregator.Cockpit.Pages;
using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Plans;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Reports;

/// <summary>
/// A site's report for a period from what the aggregator stored: availability per link and for the site
/// (maintenance windows excluded), outages, failovers, time on backup, data used per cellular link (SIM),
/// and downtime avoided valued with the site's business profile inside its business hours, set against the
/// backup's cost for the period (return on investment).
/// </summary>
/// <param name="Site">The site.</param>
/// <param name="From">Period start, ms since 1970 UTC.</param>
/// <param name="To">Period end.</param>
/// <param name="Availability">The availability figures and outages.</param>
/// <param name="Failovers">How often traffic moved off or back onto links.</param>
/// <param name="DataBytes">Data used per cellular link in the period (the highest meter reading seen).</param>
/// <param name="Profile">The business profile used.</param>
/// <param name="CostAvoidedEur">Downtime avoided inside business hours x the hourly cost.</param>
/// <param name="BackupCostEur">The backup's cost over the period.</param>
/// <param name="Drills">The failover drills that ran in the period, newest first.</param>
public sealed record SiteReport(string Site, long From, long To, AvailabilityReport Availability, int Failovers, Dictionary<string, long> DataBytes, BusinessProfile Profile,
    decimal CostAvoidedEur, decimal BackupCostEur, IReadOnlyList<PlanDrillRun> Drills)
{
    /// <summary>Gets the return on investment: cost avoided per euro spent on the backup, or 0 without a cost.</summary>
    public decimal ReturnOnInvestment => BackupCostEur == 0 ? 0 : Math.Round(CostAvoidedEur / BackupCostEur, 2);

    /// <summary>Builds the report.</summary>
    /// <param name="store">The fleet store.</param>
    /// <param name="site">The site.</param>
    /// <param name="from">Period start.</param>
    /// <param name="to">Period end.</param>
    /// <returns>The report.</returns>
    public static SiteReport Build(IFleetStore store, string site, long from, long to)
    {
        IReadOnlyList<DeviceRecord> devices = store.DevicesOf(site);
        List<List<JsonElement>> events = [.. devices.Select(d => store.Events(d.Device, 0, int.MaxValue).ToList())];
        List<Outage> outages = OutageCalculator.ForSite(events.Select(e => OutageCalculator.Compute(e)).ToList());
        ControllerView? steering = FleetView.Steering(new FleetView(store).Site(site).Controllers);
        List<string> links = steering?.Links.Select(l => l.Name).ToList() ?? [.. outages.Select(o => o.Scope).Where(s => s != "*").Distinct()];
        string? primary = steering?.Links.FirstOrDefault(l => l.Role == "primary")?.Name;
        BusinessProfile profile = ProfileOf(store, site);
        AvailabilityReport availability = AvailabilityReport.Compute(outages, links, new Interval(from, to), store.Maintenance(site).Select(m => new Interval(m.From, m.To)), primary, profile.HourlyCostEur);
        int failovers = events.Select(e => e.Count(x => SiteModel.EventKind(x) == "failover" && SiteModel.EventTs(x) >= from && SiteModel.EventTs(x) < to)).DefaultIfEmpty(0).Max();
        Dictionary<string, long> data = [];
        foreach (LinkView link in steering?.Links.Where(l => l.Modem.Length > 0) ?? [])
        {
            long bucket = Math.Max(SqlFleetStore.RollupMs, (to - from + SqlFleetStore.RollupMs - 1) / SqlFleetStore.RollupMs * SqlFleetStore.RollupMs);
            data[link.Name] = store.LinkSeries(steering!.Device, link.Name, from, to, bucket).Select(p => p.UsedBytes).DefaultIfEmpty(0).Max();
        }

        decimal cost = Math.Round(profile.BusinessMs(availability.Avoided) / 3_600_000m * profile.HourlyCostEur, 2, MidpointRounding.AwayFromZero);
        decimal backup = Math.Round(profile.BackupMonthlyEur * (to - from) / (30.4375m * 86_400_000m), 2, MidpointRounding.AwayFromZero);
        return new SiteReport(site, from, to, availability, failovers, data, profile, cost, backup, PlanDrillRun.In(devices.Select(d => d.Device), events, from, to));
    }

    /// <summary>Reads a site's business profile, or the restaurant preset when none was set.</summary>
    /// <param name="store">The store.</param>
    /// <param name="site">The site.</param>
    /// <returns>The profile.</returns>
    public static BusinessProfile ProfileOf(IFleetStore store, string site) =>
        store.Profile(site) is string json ? JsonSerializer.Deserialize<BusinessProfile>(json, Json)! : BusinessProfile.Presets["restaurant"];

    /// <summary>How profiles are written: snake_case members.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the report as CSV (availability, outages, downtime avoided).</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv() => ReportFormats.Csv(Availability);

    /// <summary>Writes the report as a page fit for printing (headless Chromium prints it to PDF).</summary>
    /// <returns>The page.</returns>
    public string ToHtml() => ReportFormats.Html(Availability,
        $"{Site}: availability report (cost avoided {CostAvoidedEur.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} EUR in business hours, backup {BackupCostEur.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} EUR)", From, To);

    /// <summary>Writes the report as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        site = Site,
        from = ReportFormats.Time(From),
        to = ReportFormats.Time(To),
        availability = Availability.Availability,
        outages = Availability.Outages.Select(o => new { scope = o.Scope, from = ReportFormats.Time(o.From), to = ReportFormats.Time(o.To), duration_ms = o.DurationMs, cause = o.Cause }),
        failovers = Failovers,
        time_on_backup_ms = Availability.DowntimeAvoidedMs,
        data_bytes = DataBytes,
        downtime_avoided_ms = Availability.DowntimeAvoidedMs,
        profile = Profile.Name,
        hourly_cost_eur = Profile.HourlyCostEur,
        cost_avoided_eur = CostAvoidedEur,
        backup_cost_eur = BackupCostEur,
        return_on_investment = ReturnOnInvestment,
        drills = Drills.Select(d => d.Wire),
    }, new JsonSerializerOptions { WriteIndented = true });
}
