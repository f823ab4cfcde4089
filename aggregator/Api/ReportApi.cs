using System.Globalization;
using System.Text.Json;
using NfBond.Aggregator.Reports;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>Business profiles and site reports over the API.</summary>
public static class ReportApi
{
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
        app.MapGet("/api/sites/{site}/report", (string site, string from, string to, string? format) =>
            {
                if (!DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset f) || !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset t) || t <= f)
                {
                    return Results.Problem($"?from={from}&to={to}: ISO 8601 times with offset, to after from", statusCode: 400, title: "Bad period");
                }

                if (store.DevicesOf(site).Count == 0)
                {
                    return Results.Problem("no site " + site, statusCode: 404);
                }

                SiteReport report = SiteReport.Build(store, site, f.ToUnixTimeMilliseconds(), t.ToUnixTimeMilliseconds());
                switch (format ?? "json")
                {
                    case "json":
                        return Results.Text(report.ToJson(), "application/json");
                    case "csv":
                        return Results.Text(ReportFormats.Csv(report.Availability), "text/csv");
                    case "pdf":
                        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-report").FullName, site + ".pdf");
                        PdfPrinter.Print(ReportFormats.Html(report.Availability, $"{site}: availability report (cost avoided {report.CostAvoidedEur.ToString("0.00", CultureInfo.InvariantCulture)} EUR in business hours, backup {report.BackupCostEur.ToString("0.00", CultureInfo.InvariantCulture)} EUR)", report.From, report.To), path);
                        return Results.File(File.ReadAllBytes(path), "application/pdf", site + ".pdf");
                    default:
                        return Results.Problem($"?format={format}: json, csv or pdf", statusCode: 400, title: "Bad format");
                }
            })
            .WithSummary("The site's report for [from, to) (ISO 8601): availability (maintenance excluded), outages, failovers, time on backup, data per SIM, downtime avoided and its cost in business hours, return on investment; ?format=json|csv|pdf.");
    }
}
