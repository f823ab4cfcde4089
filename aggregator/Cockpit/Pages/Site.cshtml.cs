using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Configs;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Plans;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>
/// One site: links with live state and charts, the outage timeline, modems, controllers and VRRP roles,
/// the config version with its diff, the event log, and actions (technicians and administrators only).
/// A site the user may not see answers 404, the same as one that does not exist.
/// </summary>
public sealed class SiteModel : PageModel
{
    /// <summary>How long the page waits for a controller's answer to a command.</summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, long> s_ranges = new() { ["1h"] = 3_600_000, ["24h"] = 86_400_000, ["7d"] = 604_800_000, ["30d"] = 2_592_000_000 };

    private readonly FleetView _view;
    private readonly IFleetStore _store;
    private readonly CommandSender _commands;
    private readonly OutageLedger _outages;

    /// <summary>Creates the page.</summary>
    /// <param name="view">The fleet view.</param>
    /// <param name="store">The fleet store.</param>
    /// <param name="commands">How commands reach controllers.</param>
    /// <param name="outages">Each controller's outages.</param>
    public SiteModel(FleetView view, IFleetStore store, CommandSender commands, OutageLedger outages)
    {
        _view = view;
        _store = store;
        _commands = commands;
        _outages = outages;
    }

    /// <summary>Gets the site's summary.</summary>
    public SiteSummary Summary { get; private set; } = null!;

    /// <summary>Gets the site's controllers.</summary>
    public List<ControllerView> Controllers { get; private set; } = [];

    /// <summary>Gets the controller whose links are shown (the master).</summary>
    public ControllerView? Steering { get; private set; }

    /// <summary>Gets the site's outages, newest first.</summary>
    public List<Outage> Outages { get; private set; } = [];

    /// <summary>Gets the event log: each event's controller and body, newest first.</summary>
    public List<KeyValuePair<string, JsonElement>> Events { get; private set; } = [];

    /// <summary>Gets the event kinds present in the log (for the filter).</summary>
    public List<string> EventKinds { get; private set; } = [];

    /// <summary>Gets the event kind filter.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>Gets the latest configuration version, or null.</summary>
    public ConfigVersion? Config { get; private set; }

    /// <summary>Gets what changed from the version before, one line per change.</summary>
    public List<string> ConfigChanges { get; private set; } = [];

    /// <summary>Gets each controller's running configuration hash (from its birth message).</summary>
    public Dictionary<string, string> RunningConfig { get; private set; } = [];

    /// <summary>Gets the site's drill schedules.</summary>
    public List<DrillSchedule> Drills { get; private set; } = [];

    /// <summary>Gets the last drills that ran, newest first.</summary>
    public List<PlanDrillRun> DrillRuns { get; private set; } = [];

    /// <summary>Gets the emergency plan's versions and review state.</summary>
    public PlanReview Plan { get; private set; } = null!;

    /// <summary>Gets the plan's texts in the page's language.</summary>
    public PlanTexts PlanLanguage => PlanTexts.For(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) ?? PlanTexts.English;

    /// <summary>Gets the query of the report link: the last 30 days.</summary>
    public string ReportPeriod { get; private set; } = "";

    /// <summary>Gets what became of the command just sent, or null.</summary>
    public CommandOutcome? Outcome { get; private set; }

    /// <summary>Gets whether the viewer may send commands.</summary>
    public bool MayAct => CockpitViewer.Of(User)!.MayAct;

    /// <summary>Shows the site.</summary>
    /// <param name="site">The site.</param>
    /// <param name="kind">Only events of this kind.</param>
    /// <returns>The page, or 404.</returns>
    public IActionResult OnGet(string site, string? kind) => Load(site, kind) ? Page() : NotFound();

    /// <summary>Renders the live part (links, modems, controllers), which the page's script reloads on news.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The partial, or 404.</returns>
    public IActionResult OnGetLive(string site) => LoadLive(site) ? Partial("_SiteLive", this) : NotFound();

    /// <summary>Gives a link's chart data, downsampled by the database to about 360 points.</summary>
    /// <param name="site">The site.</param>
    /// <param name="device">The controller.</param>
    /// <param name="link">The link.</param>
    /// <param name="range">1h, 24h, 7d or 30d.</param>
    /// <returns>Columns for uPlot: t (s), latency (ms), loss (%), jitter (ms), rsrp (dBm), sinr (dB), used and cap (MB).</returns>
    public IActionResult OnGetSeries(string site, string device, string link, string? range)
    {
        if (!Visible(site) || _store.FindDevice(device)?.Site != site)
        {
            return NotFound();
        }

        if (!s_ranges.TryGetValue(range ?? "24h", out long span))
        {
            return BadRequest(new { error = $"range '{range}' is not allowed; one of {string.Join(", ", s_ranges.Keys)}" });
        }

        long to = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        IReadOnlyList<LinkSample> points = _store.LinkSeries(device, link, to - span, to, ChartBucket(span));
        return new JsonResult(new
        {
            from = (to - span) / 1000,
            to = to / 1000,
            t = points.Select(p => p.Ts / 1000),
            latency = points.Select(p => p.LatencyUs / 1000.0),
            loss = points.Select(p => p.LossPermille / 10.0),
            jitter = points.Select(p => p.JitterUs / 1000.0),
            rsrp = points.Select(p => p.RsrpDbm),
            sinr = points.Select(p => p.SinrTenthsDb / 10.0),
            used = points.Select(p => p.UsedBytes / 1e6),
            cap = points.Select(p => p.CapBytes / 1e6),
        });
    }

    /// <summary>The bucket width of a chart over a period: about 360 points, at least 10 s, whole 5-minute rollups beyond that.</summary>
    /// <param name="span">The period, ms.</param>
    /// <returns>The width, ms.</returns>
    public static long ChartBucket(long span)
    {
        long bucket = Math.Max(10_000, span / 360);
        return bucket <= SqlFleetStore.RollupMs ? bucket : (bucket + SqlFleetStore.RollupMs - 1) / SqlFleetStore.RollupMs * SqlFleetStore.RollupMs;
    }

    /// <summary>Sends a signed command and waits for the controller's answer (and a drill's result).</summary>
    /// <param name="site">The site.</param>
    /// <param name="device">The controller.</param>
    /// <param name="cmd">run_drill, resync or reboot.</param>
    /// <param name="link">The drill's link.</param>
    /// <param name="seconds">The drill's length.</param>
    /// <param name="cancel">The request going away.</param>
    /// <returns>The page with the outcome, 403 for customers, 404 for a site not shown to the user.</returns>
    public async Task<IActionResult> OnPostCommandAsync(string site, string device, string cmd, string? link, int? seconds, CancellationToken cancel)
    {
        if (!Visible(site))
        {
            return NotFound();
        }

        if (!MayAct)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        DeviceRecord? record = _store.FindDevice(device);
        if (record == null || record.Site != site)
        {
            return NotFound();
        }

        Dictionary<string, object> args = [];
        if (cmd == "run_drill")
        {
            args["link"] = link ?? "";
            args["seconds"] = seconds ?? 30;
        }

        JsonElement argsJson = JsonSerializer.SerializeToElement(args);
        if (CommandRules.Check(cmd, argsJson) is string refused)
        {
            Outcome = new CommandOutcome(cmd, device, "", null, false, refused);
        }
        else
        {
            long lastSeq = LastSeq(device);
            string id = await _commands.SendAsync(record, cmd, argsJson);
            Outcome = await AwaitOutcomeAsync(cmd, device, id, lastSeq, cancel);
        }

        Load(site, null);
        return Page();
    }

    private async Task<CommandOutcome> AwaitOutcomeAsync(string cmd, string device, string id, long lastSeq, CancellationToken cancel)
    {
        DateTime until = DateTime.UtcNow + AnswerWait;
        string? answer = null;
        while (DateTime.UtcNow < until)
        {
            answer ??= _store.CommandAnswer(id);
            // A drill answers twice: drill_started when the traffic moved (or drill_result at once when it could not), drill_result at its end.
            JsonElement? drill = cmd == "run_drill" ? _store.Events(device, lastSeq, 100).Cast<JsonElement?>().FirstOrDefault(e => e!.Value.GetProperty("kind").GetString() is "drill_started" or "drill_result") : null;
            if (answer != null && (cmd != "run_drill" || drill != null || !Ok(answer)))
            {
                string detail = !Ok(answer) ? Member(answer, "error") : drill is JsonElement d
                    ? (d.TryGetProperty("detail", out JsonElement t) ? t.GetString() ?? "" : "") + (d.TryGetProperty("restore_ms", out JsonElement ms) && ms.GetInt64() >= 0 ? $" ({ms.GetInt64()} ms)" : "")
                    : "";
                bool ok = Ok(answer) && (drill is not JsonElement r || r.GetProperty("kind").GetString() == "drill_started" || (r.TryGetProperty("ok", out JsonElement o) && o.ValueKind == JsonValueKind.True));
                return new CommandOutcome(cmd, device, id, answer, ok, detail);
            }

            await Task.Delay(100, cancel);
        }

        return new CommandOutcome(cmd, device, id, answer, false, answer == null ? $"no answer from {device} within {AnswerWait.TotalSeconds:0} s (offline, or the command is still on its way)" : "the drill's result has not come yet");
    }

    private static bool Ok(string answer)
    {
        using JsonDocument d = JsonDocument.Parse(answer);
        return d.RootElement.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.True;
    }

    private static string Member(string json, string member)
    {
        using JsonDocument d = JsonDocument.Parse(json);
        return d.RootElement.TryGetProperty(member, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    }

    private long LastSeq(string device) =>
        _store.Controllers(_store.FindDevice(device)!.Site).Where(c => c.Device == device).Select(c => c.LastSeq ?? 0).FirstOrDefault();

    private bool Visible(string site) => _store.DevicesOf(site).Count > 0 && CockpitViewer.Of(User)!.MaySee(site, _store.SiteTenants());

    // What the live part shows; the page reloads only this on news, not the history below it.
    private bool LoadLive(string site)
    {
        if (!Visible(site))
        {
            return false;
        }

        (Summary, Controllers) = _view.Site(site);
        Steering = FleetView.Steering(Controllers);
        return true;
    }

    private bool Load(string site, string? kind)
    {
        if (!LoadLive(site))
        {
            return false;
        }

        IReadOnlyList<DeviceRecord> devices = _store.DevicesOf(site);
        // No controller's whole history is read: the outages are kept up to date, the log shows the newest 200.
        Outages = [.. OutageCalculator.ForSite(devices.Select(d => _outages.Of(d.Device)).ToList()).OrderByDescending(o => o.StartMs)];
        Kind = kind ?? "";
        List<KeyValuePair<string, JsonElement>> events = [];
        foreach (DeviceRecord d in devices)
        {
            events.AddRange(_store.RecentEvents(d.Device, 200).Select(e => new KeyValuePair<string, JsonElement>(d.Device, e)));
            if (_store.Latest(d.Device, "birth") is JsonElement birth && birth.TryGetProperty("config_hash", out JsonElement hash) && hash.ValueKind == JsonValueKind.String)
            {
                RunningConfig[d.Device] = hash.GetString()!;
            }
        }

        EventKinds = events.Select(e => EventKind(e.Value)).Distinct().Order(StringComparer.Ordinal).ToList();
        Events = events.Where(e => Kind.Length == 0 || EventKind(e.Value) == Kind).OrderByDescending(e => EventTs(e.Value)).Take(200).ToList();
        Drills = [.. _store.Drills().Where(d => d.Site == site)];
        DrillRuns = [.. PlanDrillRun.In(devices.Select(d => d.Device), devices.Select(d => _store.EventsOfKind(d.Device, "drill_result", 0, long.MaxValue)), 0, long.MaxValue).Take(10)];
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Plan = PlanReview.Of(_store, site, Reports.SiteReport.ProfileOf(_store, site).TimeZone, now);
        ReportPeriod = $"from={Uri.EscapeDataString(Reports.ReportFormats.Time(now - 2_592_000_000))}&to={Uri.EscapeDataString(Reports.ReportFormats.Time(now))}";
        Config = _store.Config(site, 0);
        ConfigVersion? before = Config != null && Config.Version > 1 ? _store.Config(site, Config.Version - 1) : null;
        ConfigChanges = Config != null && before != null ? ConfigDiff.Compare(before.Body, Config.Body) : [];
        return true;
    }

    /// <summary>Reads an event's kind.</summary>
    /// <param name="e">The event.</param>
    /// <returns>The kind, or empty.</returns>
    public static string EventKind(JsonElement e) => e.TryGetProperty("kind", out JsonElement k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";

    /// <summary>Reads an event's time.</summary>
    /// <param name="e">The event.</param>
    /// <returns>ms since 1970 UTC, or 0.</returns>
    public static long EventTs(JsonElement e) => e.TryGetProperty("ts", out JsonElement t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0;

    /// <summary>Writes an event's members other than seq, ts and kind.</summary>
    /// <param name="e">The event.</param>
    /// <returns>For example "link=fiber state=down cause=...".</returns>
    public static string EventDetail(JsonElement e) => string.Join(" ", e.EnumerateObject().Where(p => p.Name is not ("seq" or "ts" or "kind" or "v"))
        .Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())));
}
