using System.Text.Json;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Cockpit;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>Incidents, acknowledgement and maintenance windows over the API.</summary>
public static class AlertApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="store">The fleet store.</param>
    /// <param name="rules">The tenants' and sites' alert rules.</param>
    public static void Map(WebApplication app, IFleetStore store, AlertRuleBook rules)
    {
        MapRules(app, rules);
        app.MapGet("/api/incidents", (HttpContext context, bool? open, long? since) =>
            {
                IReadOnlyDictionary<string, string> tenants = store.SiteTenants();
                return Results.Ok(store.Incidents(open ?? true, since ?? 0).Where(i => CockpitSetup.Visible(context, i.Site, tenants)));
            })
            .WithSummary("Incidents (open ones by default; ?open=false&since=ms for history), newest first.");
        app.MapPost("/api/incidents/{id:long}/ack", (HttpContext context, long id) =>
            {
                IReadOnlyDictionary<string, string> tenants = store.SiteTenants();
                Incident? incident = store.Incidents(false, 0).FirstOrDefault(i => i.Id == id);
                if (incident == null || !CockpitSetup.Visible(context, incident.Site, tenants))
                {
                    return Results.Problem($"no incident {id}", statusCode: 404);
                }

                string who = CockpitViewer.Of(context.User)?.Name ?? "api";
                return store.Acknowledge(id, who) ? Results.Ok(new { id, acknowledged_by = who })
                    : Results.Problem($"incident {id} is already acknowledged by {incident.AcknowledgedBy}", statusCode: 409, title: "Already acknowledged");
            })
            .WithSummary("Acknowledges an incident: no more reminders or escalation.");
        app.MapPost("/api/sites/{site}/maintenance", (string site, MaintenanceRequest request) =>
            {
                if (request.To <= request.From || request.From <= 0)
                {
                    return Results.Problem($"from {request.From} and to {request.To}: both ms since 1970 UTC, to after from", statusCode: 400, title: "Bad window");
                }

                store.AddMaintenance(site, request.From, request.To, request.Note ?? "");
                return Results.Ok(store.Maintenance(site).Select(m => new { from = m.From, to = m.To, note = m.Note }));
            })
            .WithSummary("Adds a maintenance window (no alerts; excluded from availability).");
        app.MapGet("/api/sites/{site}/maintenance", (string site) => Results.Ok(store.Maintenance(site).Select(m => new { from = m.From, to = m.To, note = m.Note })))
            .WithSummary("The site's maintenance windows.");
    }

    private static void MapRules(WebApplication app, AlertRuleBook rules)
    {
        app.MapGet("/api/alert-rules", () => Json(new { rules = AlertRules.All, defaults = SiteAlertRules.Resolve(rules.Defaults, null, null) }))
            .WithSummary("The rules and the aggregator's defaults (link_down_seconds, flap_seconds, renotify_seconds, escalate_seconds, poor_signal_minutes, poor_rsrp_dbm, poor_sinr_db).");
        app.MapGet("/api/tenants/{tenant}/alert-rules", (string tenant) => Json(new { tenant, own = rules.OfTenant(tenant) ?? new AlertRuleSet() }))
            .WithSummary("What a tenant changes in the alert rules for all its sites.");
        app.MapPut("/api/tenants/{tenant}/alert-rules", (HttpRequest request, string tenant) => PutAsync(request, set =>
            {
                rules.SetTenant(tenant, set);
                return new { tenant, own = set };
            }))
            .WithSummary("Sets what a tenant changes (members left out keep the defaults; {} removes every change); \"off\" lists rules that raise nothing.");
        app.MapGet("/api/sites/{site}/alert-rules", (string site) => Json(new { site, own = rules.OfSite(site) ?? new AlertRuleSet(), in_force = rules.For(site) }))
            .WithSummary("What the site changes in the alert rules, and the rules in force there (site over tenant over defaults).");
        app.MapPut("/api/sites/{site}/alert-rules", (HttpRequest request, string site) => PutAsync(request, set =>
            {
                rules.SetSite(site, set);
                return new { site, own = set, in_force = rules.For(site) };
            }))
            .WithSummary("Sets what a site changes (over its tenant's); {} removes every change.");
    }

    // Reads a rule set from the body, stores it with the caller's step and answers what is stored, or a 400 naming the problem.
    private static async Task<IResult> PutAsync(HttpRequest request, Func<AlertRuleSet, object> store)
    {
        using StreamReader reader = new(request.Body);
        AlertRuleSet? set = AlertRuleSet.Read(await reader.ReadToEndAsync(request.HttpContext.RequestAborted), out string? problem);
        return set == null ? Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Bad alert rules") : Json(store(set));
    }

    private static IResult Json(object value) => Results.Text(JsonSerializer.Serialize(value, AlertRuleSet.Json), "application/json");

    /// <summary>A maintenance window to add.</summary>
    /// <param name="From">Start, ms since 1970 UTC.</param>
    /// <param name="To">End.</param>
    /// <param name="Note">Why.</param>
    public sealed record MaintenanceRequest(long From, long To, string? Note);
}
