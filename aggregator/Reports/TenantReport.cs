using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Reports;

/// <summary>
/// A tenant's report for a period: each of its sites' report in one line (availability, site downtime,
/// outages, failovers, time on backup, drills, cost avoided and backup cost), and the totals the customer
/// pays for: cost avoided against the backups' cost over all sites.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="From">Period start, ms since 1970 UTC.</param>
/// <param name="To">Period end.</param>
/// <param name="Sites">Each site's report, by site name.</param>
public sealed record TenantReport(string Tenant, long From, long To, IReadOnlyList<SiteReport> Sites)
{
    /// <summary>Gets the cost avoided over all sites.</summary>
    public decimal CostAvoidedEur => Sites.Sum(s => s.CostAvoidedEur);

    /// <summary>Gets the backups' cost over all sites.</summary>
    public decimal BackupCostEur => Sites.Sum(s => s.BackupCostEur);

    /// <summary>Gets cost avoided per euro of backup over all sites, or 0 without a cost.</summary>
    public decimal ReturnOnInvestment => BackupCostEur == 0 ? 0 : Math.Round(CostAvoidedEur / BackupCostEur, 2);

    /// <summary>Builds the report from every site of the tenant.</summary>
    /// <param name="store">The fleet store.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="from">Period start.</param>
    /// <param name="to">Period end.</param>
    /// <returns>The report (no sites when the tenant has none).</returns>
    public static TenantReport Build(IFleetStore store, string tenant, long from, long to) =>
        new(tenant, from, to, [.. store.SiteTenants().Where(p => p.Value == tenant).Select(p => p.Key).Order(StringComparer.Ordinal).Select(site => SiteReport.Build(store, site, from, to))]);

    /// <summary>Writes the report as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        tenant = Tenant,
        from = ReportFormats.Time(From),
        to = ReportFormats.Time(To),
        sites = Sites.Select(s => new
        {
            site = s.Site,
            profile = s.Profile.Name,
            availability = s.Availability.Availability.GetValueOrDefault("site", 1),
            site_down_ms = SiteDownMs(s),
            outages = s.Availability.Outages.Count,
            failovers = s.Failovers,
            time_on_backup_ms = s.Availability.DowntimeAvoidedMs,
            drills = s.Drills.Count,
            drills_failed = s.Drills.Count(d => !d.Ok),
            cost_avoided_eur = s.CostAvoidedEur,
            backup_cost_eur = s.BackupCostEur,
            return_on_investment = s.ReturnOnInvestment,
        }),
        cost_avoided_eur = CostAvoidedEur,
        backup_cost_eur = BackupCostEur,
        return_on_investment = ReturnOnInvestment,
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes the report as CSV: one row per site, then the totals.</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        using StringWriter text = new();
        using (CsvWriter csv = CsvWriter.Create(text, new CsvWriterOptions(), true))
        {
            csv.WriteHeader(["site", "availability", "site_down_ms", "outages", "failovers", "time_on_backup_ms", "drills", "drills_failed", "cost_avoided_eur", "backup_cost_eur", "return_on_investment"]);
            foreach (SiteReport s in Sites)
            {
                csv.WriteRecord([s.Site, Share(s), SiteDownMs(s).ToString(CultureInfo.InvariantCulture), s.Availability.Outages.Count.ToString(CultureInfo.InvariantCulture),
                    s.Failovers.ToString(CultureInfo.InvariantCulture), s.Availability.DowntimeAvoidedMs.ToString(CultureInfo.InvariantCulture), s.Drills.Count.ToString(CultureInfo.InvariantCulture),
                    s.Drills.Count(d => !d.Ok).ToString(CultureInfo.InvariantCulture), Eur(s.CostAvoidedEur), Eur(s.BackupCostEur), Eur(s.ReturnOnInvestment)]);
            }

            csv.WriteRecord(["total", "", Sites.Sum(SiteDownMs).ToString(CultureInfo.InvariantCulture), Sites.Sum(s => s.Availability.Outages.Count).ToString(CultureInfo.InvariantCulture),
                Sites.Sum(s => s.Failovers).ToString(CultureInfo.InvariantCulture), Sites.Sum(s => s.Availability.DowntimeAvoidedMs).ToString(CultureInfo.InvariantCulture),
                Sites.Sum(s => s.Drills.Count).ToString(CultureInfo.InvariantCulture), Sites.Sum(s => s.Drills.Count(d => !d.Ok)).ToString(CultureInfo.InvariantCulture),
                Eur(CostAvoidedEur), Eur(BackupCostEur), Eur(ReturnOnInvestment)]);
        }

        return text.ToString();
    }

    /// <summary>Writes the report as a page fit for printing (headless Chromium prints it to PDF).</summary>
    /// <returns>The page.</returns>
    public string ToHtml()
    {
        StringBuilder h = ReportFormats.HtmlStart($"{Tenant}: availability and downtime-cost report", From, To);
        h.Append("<table><tr><th>Site</th><th>Available</th><th>Site down (min)</th><th>Outages</th><th>Failovers</th><th>On backup (min)</th><th>Drills (failed)</th><th>Cost avoided (EUR)</th><th>Backup cost (EUR)</th><th>Return</th></tr>");
        foreach (SiteReport s in Sites)
        {
            h.Append("<tr><td>").Append(System.Net.WebUtility.HtmlEncode(s.Site)).Append("</td><td>").Append((s.Availability.Availability.GetValueOrDefault("site", 1) * 100).ToString("0.000", CultureInfo.InvariantCulture))
                .Append(" %</td><td>").Append(Minutes(SiteDownMs(s))).Append("</td><td>").Append(s.Availability.Outages.Count).Append("</td><td>").Append(s.Failovers)
                .Append("</td><td>").Append(Minutes(s.Availability.DowntimeAvoidedMs)).Append("</td><td>").Append(s.Drills.Count).Append(" (").Append(s.Drills.Count(d => !d.Ok)).Append(")</td><td>")
                .Append(Eur(s.CostAvoidedEur)).Append("</td><td>").Append(Eur(s.BackupCostEur)).Append("</td><td>").Append(Eur(s.ReturnOnInvestment)).Append("</td></tr>");
        }

        h.Append("</table><h2>Total</h2><p>Cost avoided ").Append(Eur(CostAvoidedEur)).Append(" EUR in business hours against ").Append(Eur(BackupCostEur))
            .Append(" EUR for the backups: a return of ").Append(Eur(ReturnOnInvestment)).Append(" EUR per EUR.</p></body></html>");
        return h.ToString();
    }

    private static long SiteDownMs(SiteReport s) => s.Availability.Outages.Where(o => o.Scope == "site").Sum(o => o.DurationMs);

    private static string Share(SiteReport s) => s.Availability.Availability.GetValueOrDefault("site", 1).ToString("0.######", CultureInfo.InvariantCulture);

    private static string Minutes(long ms) => (ms / 60_000.0).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Eur(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
