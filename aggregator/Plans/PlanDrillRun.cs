using System.Text.Json;

namespace NfBond.Aggregator.Plans;

/// <summary>A failover drill that ran, as its controller reported it.</summary>
/// <param name="Ts">When it ended, ms since 1970 UTC.</param>
/// <param name="Device">The controller that ran it.</param>
/// <param name="Link">The link taken out.</param>
/// <param name="Ok">Whether traffic continued over another link.</param>
/// <param name="SwitchMs">The measured switch time, or -1 when nothing took over.</param>
/// <param name="Detail">What happened, in the controller's words.</param>
/// <param name="CarriedMs">How long another link carried the traffic during the drill (0 when not reported).</param>
/// <param name="BackMs">How long after the drill the link was up again, or -1 (not back in time, or not reported).</param>
public sealed record PlanDrillRun(long Ts, string Device, string Link, bool Ok, long SwitchMs, string Detail, long CarriedMs = 0, long BackMs = -1)
{
    /// <summary>Gets the run as the API writes it (ts, device, link, ok, switch_ms, carried_ms, back_ms, detail).</summary>
    public object Wire => new { ts = Reports.ReportFormats.Time(Ts), device = Device, link = Link, ok = Ok, switch_ms = SwitchMs, carried_ms = CarriedMs, back_ms = BackMs, detail = Detail };

    /// <summary>Reads a drill_result event.</summary>
    /// <param name="device">The controller that reported it.</param>
    /// <param name="e">The event.</param>
    /// <returns>The run.</returns>
    public static PlanDrillRun From(string device, JsonElement e) => new(
        e.TryGetProperty("ts", out JsonElement ts) && ts.TryGetInt64(out long t) ? t : 0,
        device,
        e.TryGetProperty("link", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "",
        e.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.True,
        e.TryGetProperty("restore_ms", out JsonElement ms) && ms.TryGetInt64(out long m) ? m : -1,
        e.TryGetProperty("detail", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "",
        e.TryGetProperty("carried_ms", out JsonElement c) && c.TryGetInt64(out long carried) ? carried : 0,
        e.TryGetProperty("back_ms", out JsonElement b) && b.TryGetInt64(out long back) ? back : -1);

    /// <summary>The drills a site's controllers reported in a period, newest first.</summary>
    /// <param name="devices">The site's controllers.</param>
    /// <param name="events">Each controller's events, in the same order.</param>
    /// <param name="from">Period start, ms since 1970 UTC.</param>
    /// <param name="to">Period end.</param>
    /// <returns>The runs.</returns>
    public static List<PlanDrillRun> In(IEnumerable<string> devices, IEnumerable<IEnumerable<JsonElement>> events, long from, long to) =>
        [.. devices.Zip(events).SelectMany(p => p.Second.Where(e => e.TryGetProperty("kind", out JsonElement k) && k.ValueKind == JsonValueKind.String && k.GetString() == "drill_result")
            .Select(e => From(p.First, e))).Where(r => r.Ts >= from && r.Ts < to).OrderByDescending(r => r.Ts)];
}
