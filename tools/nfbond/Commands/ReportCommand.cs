using System.CommandLine;
using NfBond.Aggregator.Reports;

namespace NfBond.Cli.Commands;

/// <summary>
/// <c>nfbond report --events FILE --from T --to T</c>: availability, outages and downtime avoided from an
/// event export, without an aggregator (for auditors, and to check the aggregator's own figures).
/// </summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<FileInfo> events = new("--events") { Description = "the event export: one event per line in the docs/protocol.md format (link_state events count)", Required = true };
        Option<string> from = new("--from") { Description = "period start, ISO 8601 with offset (2026-03-01T00:00:00+01:00)", Required = true };
        Option<string> to = new("--to") { Description = "period end (exclusive), ISO 8601 with offset", Required = true };
        Option<string?> primary = new("--primary") { Description = "the primary link (default: the first link in the export)" };
        Option<decimal> hourly = new("--hourly-cost") { Description = "what an hour offline costs, EUR (every hour counts)", DefaultValueFactory = _ => 0m };
        Option<string[]> maintenance = new("--maintenance") { Description = "a maintenance window FROM/TO (ISO 8601 with offset), cut out of availability; repeatable", AllowMultipleArgumentsPerToken = false };
        Option<string> format = new("--format") { Description = "json, csv, html or pdf", DefaultValueFactory = _ => "json" };
        Option<FileInfo?> output = new("--output") { Description = "write here instead of standard output (required for pdf)" };
        Command command = new("report", "Availability per link and for the site, outages, and downtime avoided (primary down while the site stayed up) over a period, from an event export.")
        {
            events, from, to, primary, hourly, maintenance, format, output,
        };
        command.SetAction(result =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            List<string> problems = [];
            long start = Time("--from", result.GetValue(from)!, problems);
            long end = Time("--to", result.GetValue(to)!, problems);
            if (problems.Count == 0 && end <= start)
            {
                problems.Add($"--to {result.GetValue(to)} must be after --from {result.GetValue(from)}");
            }

            List<Interval> windows = [];
            foreach (string window in result.GetValue(maintenance) ?? [])
            {
                string[] ends = window.Split('/');
                if (ends.Length != 2)
                {
                    problems.Add($"--maintenance '{window}': give FROM/TO, both ISO 8601 with offset");
                    continue;
                }

                long a = Time("--maintenance start", ends[0], problems), b = Time("--maintenance end", ends[1], problems);
                if (a >= 0 && b >= 0 && b <= a)
                {
                    problems.Add($"--maintenance '{window}': the end must be after the start");
                }

                windows.Add(new Interval(a, b));
            }

            string kind = result.GetValue(format)!;
            if (kind is not ("json" or "csv" or "html" or "pdf"))
            {
                problems.Add($"--format '{kind}' is not allowed; json, csv, html or pdf");
            }

            FileInfo? target = result.GetValue(output);
            if (kind == "pdf" && target == null)
            {
                problems.Add("--format pdf needs --output FILE.pdf");
            }

            if (result.GetValue(hourly) < 0)
            {
                problems.Add($"--hourly-cost {result.GetValue(hourly)} is not allowed; 0 or more EUR");
            }

            FileInfo file = result.GetValue(events)!;
            List<(long Ts, string Link, string State, string Cause)> changes = [];
            if (!file.Exists)
            {
                problems.Add($"--events {file.FullName}: no such file");
            }
            else if (problems.Count == 0)
            {
                changes = EventFile.Read(file.FullName, problems);
            }

            string? main = result.GetValue(primary);
            if (problems.Count == 0 && main != null && !changes.Any(c => c.Link == main))
            {
                problems.Add($"--primary {main}: no link_state event names it; links in the export: {string.Join(", ", changes.Select(c => c.Link).Distinct())}");
            }

            if (problems.Count > 0)
            {
                foreach (string p in problems.Take(20))
                {
                    error.WriteLine("nfbond report: " + p);
                }

                if (problems.Count > 20)
                {
                    error.WriteLine($"nfbond report: and {problems.Count - 20} more");
                }

                return NfBondCli.BadInput;
            }

            AvailabilityReport report = AvailabilityReport.Compute(changes, new Interval(start, end), windows, main, result.GetValue(hourly));
            string title = $"Availability report: {file.Name}";
            try
            {
                if (kind == "pdf")
                {
                    PdfPrinter.Print(ReportFormats.Html(report, title, start, end), target!.FullName);
                    return 0;
                }
            }
            catch (InvalidOperationException ex)
            {
                error.WriteLine("nfbond report: " + ex.Message);
                return 1;
            }

            string text = kind switch
            {
                "csv" => ReportFormats.Csv(report),
                "html" => ReportFormats.Html(report, title, start, end),
                _ => ReportFormats.Json(report),
            };
            if (target != null)
            {
                File.WriteAllText(target.FullName, text);
            }
            else
            {
                result.InvocationConfiguration.Output.Write(text);
                result.InvocationConfiguration.Output.WriteLine();
            }

            return 0;
        });
        return command;
    }

    private static long Time(string what, string text, List<string> problems)
    {
        if (ReportFormats.ParseTime(what, text, out long ms) is string problem)
        {
            problems.Add(problem);
        }

        return ms;
    }
}
