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
    public static void Map(WebApplication app, IFleetStore store)
    {
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

    /// <summary>A maintenance window to add.</summary>
    /// <param name="From">Start, ms since 1970 UTC.</param>
    /// <param name="To">End.</param>
    /// <param name="Note">Why.</param>
    public sealed record MaintenanceRequest(long From, long To, string? Note);
}
