using System.Text.Json;
using NfBond.Aggregator.Cockpit;
using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>The fleet's REST endpoints: sites, controllers, links, events, outages, availability, commands.</summary>
public static class FleetApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="store">The fleet store.</param>
    /// <param name="commands">How commands reach controllers.</param>
    /// <param name="outages">Each controller's outages.</param>
    public static void Map(WebApplication app, IFleetStore store, CommandSender commands, OutageLedger outages)
    {
        app.MapGet("/api/sites", (HttpContext context) => Results.Ok(Visible(context, store, store.Sites(), s => s.Site)))
            .WithSummary("Sites with their number of controllers.");
        app.MapGet("/api/controllers", (HttpContext context, string? site) => Results.Ok(Visible(context, store, store.Controllers(site), c => c.Site)))
            .WithSummary("Controllers (of one site with ?site=) with their online/offline status and last event sequence.");
        app.MapGet("/api/controllers/{device}/state", (string device) => store.Latest(device, "state") is JsonElement state ? Results.Ok(state) : Results.Problem("no state from " + device + " yet", statusCode: 404))
            .WithSummary("The controller's latest state snapshot (links, plan, VRRP, modems).");
        app.MapGet("/api/controllers/{device}/links", (string device) => store.Latest(device, "state") is JsonElement state && state.TryGetProperty("links", out JsonElement links)
                ? Results.Ok(links)
                : Results.Problem("no state with links from " + device + " yet", statusCode: 404))
            .WithSummary("The controller's links as last reported: state, weight, loss, latency, jitter, bytes.");
        app.MapGet("/api/controllers/{device}/modems", (string device) => store.Latest(device, "state") is JsonElement state
                ? (state.TryGetProperty("modems", out JsonElement modems) ? Results.Ok(modems) : Results.Ok(Array.Empty<object>()))
                : Results.Problem("no state from " + device + " yet", statusCode: 404))
            .WithSummary("The controller's cellular modems as last reported: state, operator, signal.");
        app.MapGet("/api/controllers/{device}/events", (string device, long? after, int? limit) => Results.Ok(store.Events(device, after ?? 0, Math.Clamp(limit ?? 100, 1, 10_000))))
            .WithSummary("Events in sequence order after ?after= (default 0), at most ?limit= (1-10000, default 100).");
        app.MapGet("/api/controllers/{device}/outages", (string device) => Results.Ok(outages.Of(device)))
            .WithSummary("Link outages and site outages (scope \"*\": every link down at once).");
        app.MapGet("/api/controllers/{device}/availability", (string device, long from, long to) =>
                BadPeriod(from, to) ?? Results.Ok(Availability(outages.Of(device), from, to)))
            .WithSummary("Share of [from, to) (ms since 1970 UTC) each link and the site were available.");
        app.MapGet("/api/sites/{site}/outages", (string site) => Results.Ok(SiteOutages(store, outages, site)))
            .WithSummary("The site's outages: a link, or the site (scope \"*\"), down while every controller of the site saw it down.");
        app.MapGet("/api/sites/{site}/availability", (string site, long from, long to) =>
                BadPeriod(from, to) ?? Results.Ok(Availability(SiteOutages(store, outages, site), from, to)))
            .WithSummary("Share of [from, to) (ms since 1970 UTC) each link and the site were available, from all the site's controllers.");
        app.MapPost("/api/controllers/{device}/commands", async (string device, JsonElement request) =>
            {
                DeviceRecord? record = store.FindDevice(device);
                if (record == null)
                {
                    return Results.Problem("no controller " + device, statusCode: 404);
                }

                if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("cmd", out JsonElement cmd) || cmd.ValueKind != JsonValueKind.String)
                {
                    return Results.Problem("body needs \"cmd\" (string) and optionally \"args\" (object)", statusCode: 400);
                }

                using JsonDocument empty = JsonDocument.Parse("{}");
                if (request.TryGetProperty("args", out JsonElement a) && a.ValueKind != JsonValueKind.Object)
                {
                    return Results.Problem($"\"args\" must be an object, not {a.ValueKind.ToString().ToLowerInvariant()}", statusCode: 400, title: "Command refused");
                }

                JsonElement args = a.ValueKind == JsonValueKind.Object ? a : empty.RootElement;
                if (CommandRules.Check(cmd.GetString()!, args) is string refused)
                {
                    return Results.Problem(refused, statusCode: 400, title: "Command refused");
                }

                string id = await commands.SendAsync(record, cmd.GetString()!, args);
                return Results.Accepted(value: new { id, topic = CommandSender.CommandTopic(record) + "/res" });
            })
            .WithSummary("Sends a signed command (resync; run_drill with link and seconds 1-3600; reboot); the answer comes on the returned cmd/res topic. Configs go through PUT /api/sites/{site}/config.");
    }

    // A logged-in customer's lists hold only their tenant's sites; a token sees the whole fleet.
    private static IEnumerable<T> Visible<T>(HttpContext context, IFleetStore store, IReadOnlyList<T> rows, Func<T, string> site)
    {
        IReadOnlyDictionary<string, string> tenants = store.SiteTenants();
        return rows.Where(r => CockpitSetup.Visible(context, site(r), tenants));
    }

    private static List<Outage> SiteOutages(IFleetStore store, OutageLedger outages, string site) =>
        OutageCalculator.ForSite(store.DevicesOf(site).Select(d => outages.Of(d.Device)).ToList());

    /// <summary>The latest instant a period may reach: the end of year 9999 UTC.</summary>
    public const long MaxPeriodMs = 253_402_300_799_999;

    // F5: unbounded periods overflowed into availabilities like 9.22E+18; a period is refused unless it is
    // one a calendar can show.
    private static IResult? BadPeriod(long from, long to) =>
        from < 0 || to > MaxPeriodMs ? Results.Problem($"?from={from}&to={to}: both must lie between 0 and {MaxPeriodMs} (ms since 1970 UTC, up to the end of year 9999)", statusCode: 400, title: "Period out of range")
        : to <= from ? Results.Problem($"?to={to} must be after ?from={from} (ms since 1970 UTC)", statusCode: 400, title: "Empty period")
        : null;

    private static Dictionary<string, double> Availability(List<Outage> outages, long from, long to) =>
        outages.Select(o => o.Scope).Append("*").Distinct().ToDictionary(s => s == "*" ? "site" : s, s => OutageCalculator.Availability(outages, s, from, to));
}
