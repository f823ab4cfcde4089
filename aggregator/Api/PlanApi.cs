using System.Security.Claims;
using System.Text.Json;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Plans;
using NfBond.Aggregator.Reports;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>The sites' IT emergency plans over the API: the inputs (versioned), approval, and the plan as HTML, PDF or a JSON summary.</summary>
public static class PlanApi
{
    /// <summary>An approval.</summary>
    /// <param name="Approver">Who approves for the management.</param>
    /// <param name="Version">The version approved (default the latest).</param>
    public sealed record ApprovalRequest(string? Approver, int? Version);

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="store">The fleet store.</param>
    /// <param name="alerting">The alerting times the plan describes.</param>
    public static void Map(WebApplication app, IFleetStore store, AlertOptions alerting)
    {
        app.MapGet("/api/sites/{site}/plan", (string site, string? lang, string? format) =>
            {
                if (store.DevicesOf(site).Count == 0)
                {
                    return Results.Problem("no site " + site, statusCode: 404);
                }

                if (PlanTexts.For(lang) is not PlanTexts texts)
                {
                    return Results.Problem($"?lang={lang}: en or de", statusCode: 400, title: "Bad language");
                }

                EmergencyPlan plan = EmergencyPlan.Build(store, site, alerting, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                return (format ?? "html") switch
                {
                    "html" => Results.Content(PlanDocument.Html(plan, texts), "text/html; charset=utf-8"),
                    "pdf" => Results.File(PdfPrinter.Bytes(PlanDocument.Html(plan, texts)), "application/pdf", $"{site}-emergency-plan-{texts.Language}.pdf"),
                    "json" => Results.Text(Summary(plan), "application/json"),
                    _ => Results.Problem($"?format={format}: html, pdf or json", statusCode: 400, title: "Bad format"),
                };
            })
            .WithSummary("The site's IT emergency plan (BSI-Standard 200-4 structure) from the live configuration and the latest inputs; ?lang=en|de, ?format=html|pdf|json (json: version, approval, review status, drill log).");
        app.MapGet("/api/sites/{site}/plan/inputs", (string site) => store.PlanVersions(site).LastOrDefault() is PlanVersion v
                ? Results.Text(v.Inputs, "application/json")
                : Results.Problem($"no plan inputs for {site} yet; PUT them to /api/sites/{site}/plan/inputs", statusCode: 404))
            .WithSummary("What the integrator entered for the site's plan (the latest version).");
        app.MapPut("/api/sites/{site}/plan/inputs", (string site, JsonElement body, ClaimsPrincipal user) =>
            {
                if (store.DevicesOf(site).Count == 0)
                {
                    return Results.Problem("no site " + site, statusCode: 404);
                }

                if (PlanInputs.Read(body.GetRawText(), EmergencyPlan.LinkNames(store, site), out string? problem) is not PlanInputs inputs)
                {
                    return Results.Problem(problem, statusCode: 400, title: "Bad plan inputs");
                }

                PlanVersion version = store.AddPlanVersion(site, JsonSerializer.Serialize(inputs, PlanInputs.Json), user.Identity?.Name ?? "api", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                return Results.Ok(new { site, version = version.Version });
            })
            .WithSummary("Stores a new version of the plan inputs: owner, approver, distribution, address, activation_minutes, contacts, providers, processes, risks, immediate_measures, continuity, backups, communication, lessons, passwords_kept_at, contracts_kept_at.");
        app.MapPost("/api/sites/{site}/plan/approve", (string site, ApprovalRequest request) =>
            {
                PlanApproval done = PlanApproval.Approve(store, site, request.Approver, request.Version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                return done.Problem == null ? Results.Ok(new { site, version = done.Version, config_version = done.ConfigVersion })
                    : Results.Problem(done.Problem, statusCode: done.Conflict ? 409 : 400, title: done.Conflict ? "Approved already" : "Bad approval");
            })
            .WithSummary("Approves a plan version ({approver, version}; default the latest) against the site configuration in force.");
        app.MapGet("/api/sites/{site}/plan/versions", (string site) =>
                Results.Ok(store.PlanVersions(site).Select(v => new { version = v.Version, author = v.Author, created = v.Created, approved_by = v.ApprovedBy, approved_at = v.ApprovedAt, config_version = v.ConfigVersion })))
            .WithSummary("The site's plan versions with their approvals.");
    }

    /// <summary>The plan's state in JSON: versions, approval, review status and the drill log.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The JSON text.</returns>
    public static string Summary(EmergencyPlan plan) => JsonSerializer.Serialize(new
    {
        site = plan.Site,
        version = plan.Version?.Version ?? 0,
        approved_version = plan.Approved?.Version ?? 0,
        approved_by = plan.Approved?.ApprovedBy ?? "",
        approved_at = plan.Approved == null ? "" : ReportFormats.Time(plan.Approved.ApprovedAt),
        config_version = plan.ConfigVersion,
        next_review = ReportFormats.Time(plan.Review.NextReview),
        review_due = plan.Review.Due,
        review_reasons = plan.Review.Reasons(PlanTexts.English),
        links = plan.Links.Select(l => l.Name),
        drills = plan.Drills.Count,
        drill_log = plan.DrillRuns.Select(d => d.Wire),
        incidents = plan.Outages.Count,
    }, new JsonSerializerOptions { WriteIndented = true });
}
