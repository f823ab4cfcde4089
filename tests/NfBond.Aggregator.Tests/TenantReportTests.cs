using System.Text.Json;
using NfBond.Aggregator.Ingest;
using NfBond.Cli;
using UglyToad.PdfPig;

namespace NfBond.Aggregator.Tests;

/// <summary>A tenant's report: each of its sites from the stored events, the totals, and no other tenant's site.</summary>
public class TenantReportTests
{
    private const string From = "2026-11-18T00:00:00Z";
    private const string To = "2026-11-19T00:00:00Z";

    [Fact]
    public async Task An_integrators_customer_with_two_sites_gets_each_sites_figures_and_totals_a_hand_calculation_gives()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-tenant-report");
        await SeedAsync(aggregator.Host);

        using JsonDocument report = JsonDocument.Parse(await aggregator.Http.GetStringAsync($"/api/tenants/kraus/report?from={From}&to={To}"));
        JsonElement r = report.RootElement;
        JsonElement[] sites = [.. r.GetProperty("sites").EnumerateArray()];
        Assert.Equal(["restaurant", "surgery"], sites.Select(s => s.GetProperty("site").GetString()));

        // Restaurant: fiber down 10:00-12:00 UTC = 11:00-13:00 in Berlin, inside 11-23: 2 h x 200 EUR; backup 35 EUR/month for one day.
        Assert.Equal((1.0, 0L, 7_200_000L, 400.00m, 1.15m), Figures(sites[0]));
        // Surgery: DSL down 07:00-09:00 UTC (08:00-10:00 local, consulting hours), LTE too from 08:00 to 08:30: the site was down
        // 30 min, on backup 1.5 h x 262.50 EUR; backup 45 EUR/month for one day.
        Assert.Equal((Math.Round(1 - 0.5 / 24, 9), 1_800_000L, 5_400_000L, 393.75m, 1.48m), Figures(sites[1]));
        Assert.Equal(793.75m, r.GetProperty("cost_avoided_eur").GetDecimal());
        Assert.Equal(2.63m, r.GetProperty("backup_cost_eur").GetDecimal());
        Assert.Equal(301.81m, r.GetProperty("return_on_investment").GetDecimal());

        // Outages: the restaurant's fiber; the surgery's DSL, LTE and the site itself. No failover events were sent.
        string csv = await aggregator.Http.GetStringAsync($"/api/tenants/kraus/report?from={From}&to={To}&format=csv");
        Assert.Equal("total,,1800000,4,0,12600000,0,0,793.75,2.63,301.81", csv.Trim().Split('\n')[^1].Trim());
        using PdfDocument pdf = PdfDocument.Open(await aggregator.Http.GetByteArrayAsync($"/api/tenants/kraus/report?from={From}&to={To}&format=pdf"));
        string text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        foreach (string expected in new[] { "kraus: availability and downtime-cost", "restaurant", "surgery", "97.917 %", "400.00", "393.75", "793.75" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("elsewhere", text, StringComparison.Ordinal);

        HttpResponseMessage unknown = await aggregator.Http.GetAsync($"/api/tenants/nobody/report?from={From}&to={To}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_command_line_writes_the_same_report_from_the_data_directory_and_names_a_wrong_period()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-tenant-report-cli");
        await SeedAsync(aggregator.Host);
        StringWriter output = new(), error = new();

        Assert.Equal(0, NfBondCli.Run(["aggregator", "report", "--tenant", "kraus", "--from", From, "--to", To, "--format", "csv", "--data", aggregator.Options.DataDirectory], output, error));
        Assert.EndsWith("total,,1800000,4,0,12600000,0,0,793.75,2.63,301.81", output.ToString().Trim(), StringComparison.Ordinal);
        Assert.Equal(NfBondCli.BadInput, NfBondCli.Run(["aggregator", "report", "--site", "surgery", "--from", "2026-11-18T00:00", "--to", To, "--data", aggregator.Options.DataDirectory], new StringWriter(), error));
        Assert.Contains("--from '2026-11-18T00:00' is not an ISO 8601 time with offset", error.ToString(), StringComparison.Ordinal);
    }

    private static (double, long, long, decimal, decimal) Figures(JsonElement site) => (Math.Round(site.GetProperty("availability").GetDouble(), 9), site.GetProperty("site_down_ms").GetInt64(),
        site.GetProperty("time_on_backup_ms").GetInt64(), site.GetProperty("cost_avoided_eur").GetDecimal(), site.GetProperty("backup_cost_eur").GetDecimal());

    private static async Task SeedAsync(AggregatorHost host)
    {
        host.Store.SetProfile("surgery", JsonSerializer.Serialize(Reports.BusinessProfile.Presets["medical-practice"], Reports.SiteReport.Json));
        foreach ((string site, string tenant, string primary, string backup) in new[] { ("restaurant", "kraus", "fiber", "lte"), ("surgery", "kraus", "dsl", "lte"), ("elsewhere", "other", "fiber", "lte") })
        {
            host.Registry.Add(site, site + "-ctl");
            host.Store.SetSiteTenant(site, tenant);
            long start = DateTimeOffset.Parse(From).ToUnixTimeMilliseconds();
            string state = "{\"ts\":" + start + ",\"next_seq\":1,\"links\":[{\"name\":\"" + primary + "\",\"type\":\"fiber\",\"role\":\"primary\",\"modem\":\"\",\"state\":\"up\",\"usable\":true,\"weight\":1000},"
                + "{\"name\":\"" + backup + "\",\"type\":\"lte\",\"role\":\"backup\",\"modem\":\"\",\"state\":\"up\",\"usable\":true,\"weight\":0}],\"plan\":{\"version\":1,\"reason\":\"test\"},\"modems\":[]}";
            await host.Ingest.StoreAsync(new IngestMessage(site, site + "-ctl", "state", 0, start, "", state, start));
        }

        await EventsAsync(host, "restaurant", ("00:00", "fiber", "up"), ("00:00", "lte", "up"), ("10:00", "fiber", "down"), ("12:00", "fiber", "up"));
        await EventsAsync(host, "surgery", ("00:00", "dsl", "up"), ("00:00", "lte", "up"), ("07:00", "dsl", "down"), ("08:00", "lte", "down"), ("08:30", "lte", "up"), ("09:00", "dsl", "up"));
        await EventsAsync(host, "elsewhere", ("00:00", "fiber", "up"), ("00:00", "lte", "up"), ("01:00", "fiber", "down"), ("05:00", "fiber", "up"));
    }

    private static async Task EventsAsync(AggregatorHost host, string site, params (string At, string Link, string State)[] changes)
    {
        long seq = 0;
        foreach ((string at, string link, string state) in changes)
        {
            long ts = DateTimeOffset.Parse("2026-11-18T" + at + ":00Z").ToUnixTimeMilliseconds();
            string body = $"{{\"seq\":{++seq},\"ts\":{ts},\"kind\":\"link_state\",\"link\":\"{link}\",\"state\":\"{state}\",\"cause\":\"test\"}}";
            await host.Ingest.StoreAsync(new IngestMessage(site, site + "-ctl", "events", seq, ts, "link_state", body, ts));
        }
    }
}
