using System.Text.Json;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Reports;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>Business profiles and site reports over the API.</summary>
public static class ReportApi
{
    /// <summary>A drill schedule to add.</summary>
    /// <param name="Device">The controller that runs it.</param>
    /// <param name="Link">The link taken out.</param>
    /// <param name="Seconds">How long.</param>
    /// <param name="Cron">When (cron, site time).</param>
    /// <param name="TimeZone">The site's time zone (default Europe/Berlin).</param>
    public sealed record DrillRequest(string? Device, string? Link, int Seconds, string? Cron, [property: System.Text.Json.Serialization.JsonPropertyName("time_zone")] string? TimeZone);

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="store">The fleet store.</param>
    public static void Map(WebApplication app, IFleetStore store)
    {
        app.MapGet("/api/profiles", () => Results.Ok(BusinessProfile.Presets.Values))
            .WithSummary("The business profile presets (restaurant, medical-practice, cnc-workshop, tax-office, hotel, logistics, agency).");
        app.MapGet("/api/sites/{site}/profile", (string site) => Results.Text(JsonSerializer.Serialize(SiteReport.ProfileOf(store, site), SiteReport.Json), "application/json"))
            .WithSummary("The site's business profile (the restaurant preset until one is set).");
        app.MapPut("/api/sites/{site}/profile", (string site, JsonElement body) =>
            {
                BusinessProfile? profile;
                try
                {
                    profile = body.TryGetProperty("preset", out JsonElement preset) && preset.ValueKind == JsonValueKind.String
                        ? BusinessProfile.Presets.GetValueOrDefault(preset.GetString()!)
                        : body.Deserialize<BusinessProfile>(SiteReport.Json);
                }
                catch (JsonException ex)
                {
                    return Results.Problem("the profile does not read: " + ex.Message, statusCode: 400, title: "Bad profile");
                }

                string? problem = profile == null ? $"no preset of that name; one of {string.Join(", ", BusinessProfile.Presets.Keys)}, or give name, hourly_cost_eur, days, opens, closes, time_zone, backup_monthly_eur"
                    : profile.Days == null || profile.TimeZone == null ? "give name, hourly_cost_eur, days, opens, closes, time_zone and backup_monthly_eur" : profile.Problem();
                if (problem != null)
                {
                    return Results.Problem(problem, statusCode: 400, title: "Bad profile");
                }

                string json = JsonSerializer.Serialize(profile, SiteReport.Json);
                store.SetProfile(site, json);
                return Results.Text(json, "application/json");
            })
            .WithSummary("Sets the site's business profile: {\"preset\":\"restaurant\"} or every member.");
        app.MapPost("/api/sites/{site}/drills", (string site, DrillRequest request) =>
            {
                string zone = request.TimeZone ?? "Europe/Berlin";
                string? problem = store.FindDevice(request.Device ?? "") is not DeviceRecord d || d.Site != site ? $"device '{request.Device}' is not a controller of {site}"
                    : request.Seconds is < 1 or > 3600 ? $"seconds {request.Seconds}: 1 to 3600"
                    : string.IsNullOrEmpty(request.Link) ? "link: the link to take out (the primary)"
                    : !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) ? $"time_zone '{zone}' is unknown; an IANA name such as Europe/Berlin"
                    : DrillScheduler.Parse(request.Cron ?? "", out string? bad) == null ? bad : null;
                if (problem != null)
                {
                    return Results.Problem(problem, statusCode: 400, title: "Bad drill schedule");
                }

                DrillSchedule drill = store.AddDrill(new DrillSchedule(0, site, request.Device!, request.Link!, request.Seconds, request.Cron!, zone,
                    DrillScheduler.Next(request.Cron!, zone, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
                return Results.Ok(drill);
            })
            .WithSummary("Schedules a failover drill: {device, link, seconds, cron (5 fields, or 6 with seconds), time_zone}; each run opens a maintenance window over itself.");
        app.MapGet("/api/sites/{site}/drills", (string site) => Results.Ok(store.Drills().Where(d => d.Site == site)))
            .WithSummary("The site's drill schedules.");
        app.MapDelete("/api/sites/{site}/drills/{id:long}", (string site, long id) =>
                store.Drills().Any(d => d.Id == id && d.Site == site) && store.RemoveDrill(id) ? Results.Ok(new { site, removed = id }) : Results.Problem($"site {site} has no drill schedule {id}", statusCode: 404))
            .WithSummary("Removes a drill schedule; the runs it made stay in the drill log.");
        app.MapGet("/api/sites/{site}/report", (string site, string from, string to, string? format) =>
            {
                if (Period(from, to, out long f, out long t) is IResult bad)
                {
                    return bad;
                }

                if (store.DevicesOf(site).Count == 0)
                {
                    return Results.Problem("no site " + site, statusCode: 404);
                }

                SiteReport report = SiteReport.Build(store, site, f, t);
                return Answer(format, site, report.ToJson, report.ToCsv, report.ToHtml);
            })
            .WithSummary("The site's report for [from, to) (ISO 8601): availability (maintenance excluded), outages, failovers, time on backup, data per SIM, downtime avoided and its cost in business hours, return on investment; ?format=json|csv|pdf.");
        app.MapGet("/api/tenants/{tenant}/report", (string tenant, string from, string to, string? format) =>
            {
                if (Period(from, to, out long f, out long t) is IResult bad)
                {
                    return bad;
                }

                if (!store.SiteTenants().Values.Contains(tenant))
                {
                    return Results.Problem("no tenant " + tenant + " (no site belongs to it)", statusCode: 404);
                }

                TenantReport report = TenantReport.Build(store, tenant, f, t);
                return Answer(format, tenant, report.ToJson, report.ToCsv, report.ToHtml);
            })
            .WithSummary("The tenant's report for [from, to) (ISO 8601): each site's availability, downtime, outages, failovers, time on backup, drills, cost avoided and backup cost, and the totals with the return on investment; ?format=json|csv|pdf.");
    }

    // One reading of a report's period for every report: ISO 8601 with an offset, to after from.
    private static IResult? Period(string from, string to, out long f, out long t)
    {
        string? badFrom = ReportFormats.ParseTime("?from", from, out f);
        string? badTo = ReportFormats.ParseTime("?to", to, out t);
        string? bad = badFrom ?? badTo ?? (t <= f ? $"?to={to} must be after ?from={from}" : null);
        return bad == null ? null : Results.Problem(bad, statusCode: 400, title: "Bad period");
    }

    private static IResult Answer(string? format, string name, Func<string> json, Func<string> csv, Func<string> html) => (format ?? "json") switch
    {
        "json" => Results.Text(json(), "application/json"),
        "csv" => Results.Text(csv(), "text/csv"),
        "pdf" => Results.File(PdfPrinter.Bytes(html()), "application/pdf", name + ".pdf"),
        _ => Results.Problem($"?format={format}: json, csv or pdf", statusCode: 400, title: "Bad format"),
    };
}
