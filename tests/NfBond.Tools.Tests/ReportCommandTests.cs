using System.Text.Json;
using NfBond.Aggregator.Reports;
using NfBond.Cli;
using UglyToad.PdfPig;

namespace NfBond.Tools.Tests;

/// <summary><c>nfbond report</c> against hand calculations, a brute-force model, and bad input.</summary>
public class ReportCommandTests
{
    // Hand-calculated history (all times 2026-03-01, UTC; period 00:00-10:00, maintenance 04:30-05:30 given
    // as two overlapping windows): fiber down since 23:00 the day before until 01:00, 03:00-05:00, and from
    // 09:30 on; LTE down 00:30-00:45 and 04:00-06:00, and again at 11:00 (after the period).
    private static readonly string[] s_history =
    [
        Event("2026-02-28T23:00:00Z", "fiber", "down"),
        Event("2026-03-01T00:30:00Z", "lte", "down"),
        "{\"seq\":3,\"ts\":" + Ms("2026-03-01T00:40:00Z") + ",\"kind\":\"failover\",\"weights\":{\"fiber\":0,\"lte\":1000}}",
        Event("2026-03-01T00:45:00Z", "lte", "up"),
        Event("2026-03-01T01:00:00Z", "fiber", "up"),
        Event("2026-03-01T03:00:00Z", "fiber", "down"),
        Event("2026-03-01T04:00:00Z", "lte", "down"),
        Event("2026-03-01T05:00:00Z", "fiber", "up"),
        Event("2026-03-01T06:00:00Z", "lte", "up"),
        Event("2026-03-01T09:30:00Z", "fiber", "down"),
        Event("2026-03-01T11:00:00Z", "lte", "down"),
    ];

    private static readonly string[] s_period = ["--from", "2026-03-01T01:00:00+01:00", "--to", "2026-03-01T11:00:00+01:00",
        "--maintenance", "2026-03-01T04:30:00Z/2026-03-01T05:30:00Z", "--maintenance", "2026-03-01T05:00:00Z/2026-03-01T05:15:00Z"];

    [Fact]
    public void The_json_report_matches_the_hand_calculation_with_overlapping_outages_maintenance_and_clipping()
    {
        (int exit, string output, string error) = Run([.. s_period, "--events", Export(s_history), "--primary", "fiber", "--hourly-cost", "200"]);

        Assert.True(exit == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement r = json.RootElement;
        Assert.Equal(["availability", "outages", "downtime_avoided_ms", "cost_avoided_eur"], r.EnumerateObject().Select(p => p.Name));
        // 9 h counted (10 h minus the 1 h window); fiber down 3.5 h of which 0.5 h in the window, and so on.
        Assert.Equal(1 - 3.0 / 9, r.GetProperty("availability").GetProperty("fiber").GetDouble(), 9);
        Assert.Equal(1 - 1.25 / 9, r.GetProperty("availability").GetProperty("lte").GetDouble(), 9);
        Assert.Equal(1 - 0.75 / 9, r.GetProperty("availability").GetProperty("site").GetDouble(), 9);
        Assert.Equal(
            ["fiber 00:00 3600000", "lte 00:30 900000", "site 00:30 900000", "fiber 03:00 7200000", "lte 04:00 7200000", "site 04:00 3600000", "fiber 09:30 1800000"],
            r.GetProperty("outages").EnumerateArray().Select(o => $"{o.GetProperty("scope").GetString()} {DateTimeOffset.Parse(o.GetProperty("from").GetString()!).UtcDateTime:HH:mm} {o.GetProperty("duration_ms").GetInt64()}"));
        Assert.Equal("2026-03-01T10:00:00.000Z", r.GetProperty("outages")[6].GetProperty("to").GetString());
        Assert.Equal(8_100_000, r.GetProperty("downtime_avoided_ms").GetInt64());
        Assert.Equal(450.00m, r.GetProperty("cost_avoided_eur").GetDecimal());
    }

    [Fact]
    public void Without_primary_the_first_link_to_appear_is_the_primary()
    {
        (int exit, string output, _) = Run([.. s_period, "--events", Export(s_history), "--hourly-cost", "200"]);

        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(8_100_000, json.RootElement.GetProperty("downtime_avoided_ms").GetInt64());
    }

    [Fact]
    public void Csv_and_pdf_carry_the_same_figures()
    {
        string events = Export(s_history);
        (int exit, string csv, _) = Run([.. s_period, "--events", events, "--hourly-cost", "200", "--format", "csv"]);
        Assert.Equal(0, exit);
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("record,scope,from,to,duration_ms,value", lines[0]);
        Assert.Contains("outage,site,2026-03-01T04:00:00.000Z,2026-03-01T05:00:00.000Z,3600000,", lines);
        Assert.Contains("cost_avoided_eur,,,,,450.00", lines);

        NfBond.Lab.LabTools.Ensure(Console.Out, [("chromium", "chromium")]);
        string pdf = Path.Combine(Directory.CreateTempSubdirectory("nfbond-report").FullName, "report.pdf");
        (exit, _, string error) = Run([.. s_period, "--events", events, "--hourly-cost", "200", "--format", "pdf", "--output", pdf]);
        Assert.True(exit == 0, error);
        using PdfDocument document = PdfDocument.Open(pdf);
        string text = string.Join(" ", document.GetPages().Select(p => p.Text));
        Assert.Contains("Availability report", text, StringComparison.Ordinal);
        Assert.Contains("91.667 %", text, StringComparison.Ordinal);
        Assert.Contains("450.00 EUR", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_lines_and_bad_times_are_named_precisely_and_no_report_is_made()
    {
        string events = Export([s_history[0], "{\"seq\":2,\"ts\":\"soon\",\"kind\":\"link_state\",\"link\":\"lte\",\"state\":\"down\"}", "not json", Event("2026-03-01T00:45:00Z", "lte", "sideways")]);
        (int exit, string output, string error) = Run(["--events", events, "--from", "2026-03-01T00:00:00Z", "--to", "2026-03-01T10:00:00Z"]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(events + ":2: link_state needs \"link\" (a name), \"ts\" (ms since 1970 UTC, an integer)", error, StringComparison.Ordinal);
        Assert.Contains(events + ":3: not JSON", error, StringComparison.Ordinal);
        Assert.Contains(events + ":4: link_state needs", error, StringComparison.Ordinal);
        Assert.Contains("got state \"sideways\"", error, StringComparison.Ordinal);

        (exit, _, error) = Run(["--events", events, "--from", "2026-03-01T00:00:00", "--to", "2026-03-01T10:00:00Z"]);
        Assert.Equal(2, exit);
        Assert.Contains("--from '2026-03-01T00:00:00' is not an ISO 8601 time with offset", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_histories_agree_with_counting_second_by_second()
    {
        Random random = new(20261202);
        string[] links = ["fiber", "dsl", "lte"];
        for (int round = 0; round < 200; round++)
        {
            // Whole seconds from 0 to 400; the period is [100, 300); two maintenance windows anywhere.
            List<(long Ts, string Link, string State, string Cause)> changes = [];
            for (int i = random.Next(0, 30); i > 0; i--)
            {
                changes.Add((random.Next(0, 400) * 1000L, links[random.Next(links.Length)], random.Next(2) == 0 ? "down" : "up", ""));
            }

            changes = [.. changes.OrderBy(c => c.Ts)];
            Interval period = new(100_000, 300_000);
            Interval[] windows = [.. Enumerable.Range(0, 2).Select(_ => random.Next(0, 400)).Select(a => new Interval(a * 1000L, (a + random.Next(1, 80)) * 1000L))];
            AvailabilityReport report = AvailabilityReport.Compute(changes, period, windows, null, 100m);

            List<string> seen = [.. changes.Select(c => c.Link).Distinct()];
            Dictionary<string, int> up = seen.Append("site").ToDictionary(s => s, _ => 0);
            int counted = 0, avoided = 0;
            for (long s = 100; s < 300; s++)
            {
                long t = s * 1000;
                Dictionary<string, bool> state = seen.ToDictionary(l => l, l => changes.Where(c => c.Link == l && c.Ts <= t).Select(c => c.State != "down").DefaultIfEmpty(true).Last());
                bool siteUp = state.Values.Any(v => v);
                if (seen.Count > 0 && !state[seen[0]] && siteUp)
                {
                    avoided++;
                }

                if (windows.Any(w => t >= w.From && t < w.To))
                {
                    continue;
                }

                counted++;
                foreach (string l in seen)
                {
                    up[l] += state[l] ? 1 : 0;
                }

                up["site"] += siteUp || seen.Count == 0 ? 1 : 0;
            }

            foreach ((string scope, int seconds) in up)
            {
                Assert.Equal(counted == 0 ? 1 : (double)seconds / counted, report.Availability[scope], 9);
            }

            Assert.Equal(avoided * 1000L, report.DowntimeAvoidedMs);
            Assert.Equal(Math.Round(avoided / 3600m * 100m, 2, MidpointRounding.AwayFromZero), report.CostAvoidedEur);
        }
    }

    private static string Event(string time, string link, string state) =>
        "{\"seq\":1,\"ts\":" + Ms(time) + ",\"kind\":\"link_state\",\"link\":\"" + link + "\",\"state\":\"" + state + "\",\"cause\":\"test\"}";

    private static long Ms(string time) => DateTimeOffset.Parse(time).ToUnixTimeMilliseconds();

    private static string Export(string[] lines)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-report").FullName, "events.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(string[] args)
    {
        StringWriter output = new(), error = new();
        int exit = NfBondCli.Run(["report", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
