using System.Text.Json;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Cockpit;
using NfBond.Aggregator.Cockpit.Pages;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Reports;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Plans;

/// <summary>
/// A site's IT emergency plan as it stands now: what the integrator entered (the latest version) joined
/// with the live configuration (links and providers from the site file, controllers, modems, alert
/// channels, business profile, drill schedules) and the stored events (drill log, incident log).
/// <see cref="PlanDocument"/> writes it in the structure of BSI-Standard 200-4.
/// </summary>
public sealed class EmergencyPlan
{
    private EmergencyPlan(string site, long now) => (Site, Now) = (site, now);

    /// <summary>Gets the site.</summary>
    public string Site { get; }

    /// <summary>Gets when the plan was put together, ms since 1970 UTC.</summary>
    public long Now { get; }

    /// <summary>Gets the site's tenant (the integrator's customer), or empty.</summary>
    public string Tenant { get; private init; } = "";

    /// <summary>Gets what the integrator entered (the latest version, or <see cref="PlanInputs.Empty"/>).</summary>
    public PlanInputs Inputs { get; private init; } = PlanInputs.Empty;

    /// <summary>Gets the versions, the approval and whether a review is due.</summary>
    public PlanReview Review { get; private init; } = null!;

    /// <summary>Gets the latest version, or null before any was entered.</summary>
    public PlanVersion? Version => Review.Latest;

    /// <summary>Gets the latest approved version, or null.</summary>
    public PlanVersion? Approved => Review.Approved;

    /// <summary>Gets the site configuration version in force (0 when none is stored).</summary>
    public int ConfigVersion => Review.ConfigVersion;

    /// <summary>Gets the links.</summary>
    public IReadOnlyList<PlanLink> Links { get; private init; } = [];

    /// <summary>Gets the controllers with their VRRP roles and modems.</summary>
    public IReadOnlyList<ControllerView> Controllers { get; private init; } = [];

    /// <summary>Gets the business profile.</summary>
    public BusinessProfile Profile { get; private init; } = BusinessProfile.Presets["restaurant"];

    /// <summary>Gets the alert channels that serve the site.</summary>
    public IReadOnlyList<AlertChannel> Channels { get; private init; } = [];

    /// <summary>Gets the alerting times (link delay, escalation).</summary>
    public AlertOptions Alerting { get; private init; } = new();

    /// <summary>Gets the scheduled drills.</summary>
    public IReadOnlyList<DrillSchedule> Drills { get; private init; } = [];

    /// <summary>Gets the drills that ran in the last 12 months, newest first.</summary>
    public IReadOnlyList<PlanDrillRun> DrillRuns { get; private init; } = [];

    /// <summary>Gets the outages of the last 12 months (scope "*" is the whole site), newest first.</summary>
    public IReadOnlyList<Outage> Outages { get; private init; } = [];

    /// <summary>Gets the failovers of the last 12 months, newest first (time and detail).</summary>
    public IReadOnlyList<(long Ts, string Detail)> Failovers { get; private init; } = [];

    /// <summary>Gets the links that are not the primary, in the order the site file gives them.</summary>
    public IEnumerable<PlanLink> Backups => Links.Where(l => l.Role != "primary");

    /// <summary>Gets the primary link, or the first.</summary>
    public PlanLink? Primary => Links.FirstOrDefault(l => l.Role == "primary") ?? Links.FirstOrDefault();

    /// <summary>Puts a site's plan together.</summary>
    /// <param name="store">The fleet store.</param>
    /// <param name="site">The site.</param>
    /// <param name="alerting">The aggregator's alerting times.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <returns>The plan.</returns>
    public static EmergencyPlan Build(IFleetStore store, string site, AlertOptions alerting, long now)
    {
        IReadOnlyList<ConfigVersion> configs = store.ConfigVersions(site);
        BusinessProfile profile = SiteReport.ProfileOf(store, site);
        PlanReview review = PlanReview.Of(store, site, profile.TimeZone, now);
        string tenant = store.SiteTenants().GetValueOrDefault(site, "");
        List<ControllerView> controllers = new FleetView(store).Site(site).Controllers;
        long since = now - PlanReview.ValidMs;
        IReadOnlyList<DeviceRecord> devices = store.DevicesOf(site);
        List<List<JsonElement>> events = [.. devices.Select(d => store.Events(d.Device, 0, int.MaxValue).ToList())];
        return new EmergencyPlan(site, now)
        {
            Tenant = tenant,
            Review = review,
            Inputs = review.Latest == null ? PlanInputs.Empty : JsonSerializer.Deserialize<PlanInputs>(review.Latest.Inputs, PlanInputs.Json) ?? PlanInputs.Empty,
            Links = LinksOf(configs.OrderBy(c => c.Version).LastOrDefault(), controllers),
            Controllers = controllers,
            Profile = profile,
            Channels = [.. store.Channels().Where(c => c.Tenant.Length == 0 || c.Tenant == tenant)],
            Alerting = alerting,
            Drills = [.. store.Drills().Where(d => d.Site == site)],
            DrillRuns = PlanDrillRun.In(devices.Select(d => d.Device), events, since, long.MaxValue),
            Outages = [.. OutageCalculator.ForSite(events.Select(e => OutageCalculator.Compute(e)).ToList()).Where(o => o.EndMs == 0 || o.EndMs >= since).OrderByDescending(o => o.StartMs)],
            Failovers = [.. events.SelectMany(e => e).Where(e => SiteModel.EventKind(e) == "failover" && SiteModel.EventTs(e) >= since)
                .Select(e => (SiteModel.EventTs(e), SiteModel.EventDetail(e))).DistinctBy(f => f.Item1 / 1000).OrderByDescending(f => f.Item1)],
        };
    }

    /// <summary>The site's link names, for checking the inputs' references.</summary>
    /// <param name="store">The fleet store.</param>
    /// <param name="site">The site.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyCollection<string> LinkNames(IFleetStore store, string site) =>
        [.. LinksOf(store.ConfigVersions(site).OrderBy(c => c.Version).LastOrDefault(), new FleetView(store).Site(site).Controllers).Select(l => l.Name)];

    // The site file says what the site should have (provider, caps); without one, what the controllers report.
    private static List<PlanLink> LinksOf(ConfigVersion? config, IReadOnlyList<ControllerView> controllers)
    {
        if (config != null)
        {
            try
            {
                using JsonDocument site = JsonDocument.Parse(config.Body);
                if (site.RootElement.TryGetProperty("links", out JsonElement links) && links.ValueKind == JsonValueKind.Array)
                {
                    return [.. links.EnumerateArray().Select(l => new PlanLink(Text(l, "name"), Text(l, "type"), Text(l, "provider"), Text(l, "role") is { Length: > 0 } r ? r : "active",
                        Text(l, "interface"), l.TryGetProperty("capMb", out JsonElement cap) && cap.TryGetInt64(out long mb) ? mb : 0, Text(l, "cost") == "metered", Text(l, "modem")))];
                }
            }
            catch (JsonException)
            {
                // A stored version was validated when published; an unreadable one falls back to the reports.
            }
        }

        return [.. (FleetView.Steering(controllers)?.Links ?? []).Select(l => new PlanLink(l.Name, l.Type, "", l.Role, "", l.CapBytes / 1_000_000, l.CapBytes > 0, l.Modem))];
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
