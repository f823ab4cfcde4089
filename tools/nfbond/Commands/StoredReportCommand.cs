using System.CommandLine;
using NfBond.Aggregator.Reports;
using NfBond.Aggregator.Storage;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond aggregator report</c>: a site's or a tenant's report for a period from the aggregator's store.</summary>
public static class StoredReportCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        Option<string?> site = new("--site") { Description = "the site's report" };
        Option<string?> tenant = new("--tenant") { Description = "the tenant's report: each of its sites and the totals" };
        Option<string> from = new("--from") { Description = "period start, ISO 8601 with offset", Required = true };
        Option<string> to = new("--to") { Description = "period end, ISO 8601 with offset", Required = true };
        Option<string> format = new("--format") { Description = "json, csv or pdf", DefaultValueFactory = _ => "json" };
        Option<FileInfo?> output = new("--out") { Description = "where to write it (default: standard output; required for pdf)" };
        Option<string?> data = AccountCommands.DataOption();
        Command command = new("report", "A site's or a tenant's availability and downtime-cost report from the stored events (for an event export, see nfbond report).")
        {
            site, tenant, from, to, format, output, data,
        };
        command.SetAction(result =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            string? s = result.GetValue(site), t = result.GetValue(tenant), f = result.GetValue(format);
            FileInfo? target = result.GetValue(output);
            string? badFrom = ReportFormats.ParseTime("--from", result.GetValue(from)!, out long start);
            string? badTo = ReportFormats.ParseTime("--to", result.GetValue(to)!, out long end);
            string? problem = (s == null) == (t == null) ? "give --site or --tenant (one of them)"
                : badFrom ?? badTo ?? (end <= start ? "--to must be after --from" : null)
                ?? (f is not ("json" or "csv" or "pdf") ? $"--format '{f}': json, csv or pdf" : f == "pdf" && target == null ? "--format pdf needs --out FILE" : null);
            if (problem != null)
            {
                error.WriteLine("nfbond aggregator report: " + problem);
                return NfBondCli.BadInput;
            }

            if (AccountCommands.OpenStore(result, data, "report") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                string? missing = s != null ? (store.DevicesOf(s).Count == 0 ? $"no site {s} (no controller provisioned for it)" : null)
                    : !store.SiteTenants().Values.Contains(t) ? $"no tenant {t} (no site belongs to it)" : null;
                if (missing != null)
                {
                    error.WriteLine("nfbond aggregator report: " + missing);
                    return NfBondCli.BadInput;
                }

                (string json, string csv, Func<string> html) = s != null ? Texts(SiteReport.Build(store, s, start, end)) : Texts(TenantReport.Build(store, t!, start, end));
                if (f == "pdf")
                {
                    PdfPrinter.Print(html(), target!.FullName);
                    result.InvocationConfiguration.Output.WriteLine("report: " + target.FullName);
                }
                else if (target != null)
                {
                    File.WriteAllText(target.FullName, f == "json" ? json : csv);
                }
                else
                {
                    result.InvocationConfiguration.Output.WriteLine(f == "json" ? json : csv);
                }
            }

            return 0;
        });
        return command;
    }

    private static (string, string, Func<string>) Texts(SiteReport report) => (report.ToJson(), report.ToCsv(), report.ToHtml);

    private static (string, string, Func<string>) Texts(TenantReport report) => (report.ToJson(), report.ToCsv(), report.ToHtml);
}
