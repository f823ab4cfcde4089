using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using NfBond.Aggregator;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;
using NfBond.Benchmarks;
using NfBond.Lab;

namespace NfBond.Cli.Benchmarks;

/// <summary>
/// The cockpit's two heavy answers on the default store (SQLite), each beside a peer in the same run:
/// 1. the fleet overview for 10,000 sites, rendered server-side and fetched over loopback by a logged-in
///    administrator, against the JSON list of the same 10,000 controllers from the API;
/// 2. a 30-day chart of one link with a sample every 10 s (259,200 samples), downsampled in the database
///    query, against reading the same samples and averaging them in C#.
/// Goals: overview &lt; 300 ms, chart query &lt; 100 ms.
/// </summary>
public sealed class CockpitBenchmark : IBenchmark
{
    private const int Sites = 10_000;
    private const long SampleMs = 10_000;
    private const long MonthMs = 30L * 86_400_000;
    private const int Rounds = 15;

    /// <inheritdoc/>
    public string Name => "cockpit";

    /// <inheritdoc/>
    public string Description => "cockpit: fleet overview of 10,000 sites (vs the API's JSON list) and a 30-day chart of 10 s samples (vs averaging in C#), SQLite";

    /// <inheritdoc/>
    public void Run(TextWriter output) => RunAsync(output).GetAwaiter().GetResult();

    private static async Task RunAsync(TextWriter output)
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-cockpit-bench").FullName };
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Stopwatch seeding = Stopwatch.StartNew();
        await using AggregatorHost host = new(options, TextWriter.Null);
        Seed(host.Store, now);
        output.WriteLine($"seeded {Sites} sites and {MonthMs / SampleMs} samples of one link in {seeding.Elapsed.TotalSeconds:F1} s");
        await host.StartAsync();
        host.Accounts.Save("bench", CockpitRole.Administrator, "", "bench-password-1");
        using HttpClient http = new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.BaseUrl) };
        await LoginAsync(http);
        using HttpClient machine = new() { BaseAddress = new Uri(host.BaseUrl) };
        machine.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.ApiToken);

        (double overview, double overviewP95, long bytes) = await TimeAsync(() => http.GetStringAsync("/"));
        (double api, _, long apiBytes) = await TimeAsync(() => machine.GetStringAsync("/api/controllers"));
        output.WriteLine($"fleet overview, {Sites} sites (every site summarised, counted and sorted; {NfBond.Aggregator.Cockpit.Pages.IndexModel.PageSize} rows a page), server-rendered over loopback: median {overview:F1} ms, p95 {overviewP95:F1} ms ({bytes / 1024} KiB); goal < 300 ms");
        (double search, _, long searchBytes) = await TimeAsync(() => http.GetStringAsync("/?q=site-0&status=down"));
        output.WriteLine($"  filtered (status down, search site-0): median {search:F1} ms ({searchBytes / 1024} KiB)");
        NfBond.Aggregator.Cockpit.CockpitViewer admin = NfBond.Aggregator.Cockpit.CockpitViewer.Of(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            NfBond.Aggregator.Cockpit.CockpitViewer.ClaimsOf(host.Accounts.Check("bench", "bench-password-1", "bench", out _)!), "bench")))!;
        (double summaries, _, _) = await TimeAsync(() => Task.FromResult(new NfBond.Aggregator.Cockpit.FleetView(host.Store).Sites(admin)));
        (double snapshots, _, _) = await TimeAsync(() => Task.FromResult(host.Store.Snapshots(null)));
        output.WriteLine($"  of which: the snapshot query {snapshots:F1} ms, summarising every site {summaries:F1} ms (query included), the rest is rendering and transfer");
        output.WriteLine($"  peer: GET /api/controllers, the same {Sites} controllers as JSON: median {api:F1} ms ({apiBytes / 1024} KiB); ratio overview/API {overview / api:F2}");

        IFleetStore store = host.Store;
        (double query, double queryP95, long points) = await TimeAsync(() => Task.FromResult(store.LinkSeries("site-00000-ctl", "fiber", now - MonthMs, now, NfBond.Aggregator.Cockpit.Pages.SiteModel.ChartBucket(MonthMs))));
        (double page, _, _) = await TimeAsync(() => http.GetStringAsync("/sites/site-00000?handler=Series&device=site-00000-ctl&link=fiber&range=30d"));
        (double naive, _, _) = await TimeAsync(() => Task.FromResult(Naive(store, now)));
        output.WriteLine($"30-day chart of one link, {MonthMs / SampleMs} samples (10 s) downsampled in the query (5-minute rollups): median {query:F1} ms, p95 {queryP95:F1} ms ({points} points); goal < 100 ms");
        output.WriteLine($"  the chart's HTTP answer (query + JSON): median {page:F1} ms");
        output.WriteLine($"  peer: reading every sample and averaging in C#: median {naive:F1} ms; ratio query/peer {query / naive:F2}");
    }

    private static void Seed(IFleetStore store, long now)
    {
        List<IngestMessage> batch = [];
        for (int i = 0; i < Sites; i++)
        {
            string site = $"site-{i:D5}", device = site + "-ctl";
            store.AddDevice(new DeviceRecord(device, site, "x", "00"));
            bool down = i % 50 == 0;
            batch.Add(new IngestMessage(site, device, "status", 0, now, "", "{\"ts\":" + now + ",\"state\":\"online\"}", now));
            batch.Add(new IngestMessage(site, device, "state", 0, now - 5000, "", State(now - 5000, i, down), now));
            batch.Add(new IngestMessage(site, device, "events", 1, now - 60_000, down ? "failover" : "link_state", "{\"seq\":1,\"ts\":" + (now - 60_000) + ",\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\",\"cause\":\"seed\"}", now));
            if (batch.Count >= 3000)
            {
                store.WriteBatch(batch);
                batch.Clear();
            }
        }

        for (long ts = now - MonthMs; ts < now - 5000; ts += SampleMs)
        {
            batch.Add(new IngestMessage("site-00000", "site-00000-ctl", "state", 0, ts, "", State(ts, (int)(ts / SampleMs % 97), false), now));
            if (batch.Count >= 5000)
            {
                store.WriteBatch(batch);
                batch.Clear();
            }
        }

        store.WriteBatch(batch);
    }

    private static string State(long ts, int n, bool fiberDown) =>
        "{\"ts\":" + ts + ",\"next_seq\":2,\"links\":["
        + "{\"name\":\"fiber\",\"type\":\"fiber\",\"role\":\"primary\",\"modem\":\"\",\"state\":\"" + (fiberDown ? "down" : "up") + "\",\"usable\":" + (fiberDown ? "false" : "true")
        + ",\"weight\":" + (fiberDown ? 0 : 1000) + ",\"loss_permille\":" + (n % 7) + ",\"latency_us\":" + (8000 + n * 37) + ",\"jitter_us\":" + (500 + n) + ",\"used_bytes\":0,\"cap_bytes\":0},"
        + "{\"name\":\"lte\",\"type\":\"lte\",\"role\":\"backup\",\"modem\":\"modem1\",\"state\":\"up\",\"usable\":true,\"weight\":" + (fiberDown ? 1000 : 0)
        + ",\"loss_permille\":" + (n % 11) + ",\"latency_us\":" + (40000 + n * 91) + ",\"jitter_us\":" + (3000 + n) + ",\"used_bytes\":" + (n * 1_000_000L) + ",\"cap_bytes\":30000000000}],"
        + "\"plan\":{\"version\":3,\"reason\":\"seed\"},\"modems\":[{\"name\":\"modem1\",\"state\":\"data ready\",\"operator\":\"Vodafone\",\"iccid\":\"8949020000000000001\",\"level\":\"none\",\"rssi_dbm\":-70,\"rsrp_dbm\":" + (-90 - n % 20) + ",\"sinr_tenths_db\":" + (100 + n) + "}]}";

    // What the chart would cost without the database's GROUP BY: every sample read, then bucketed here.
    private static int Naive(IFleetStore store, long now)
    {
        IReadOnlyList<LinkSample> raw = store.LinkSeries("site-00000-ctl", "fiber", now - MonthMs, now, 1);
        long bucket = MonthMs / 360;
        return raw.GroupBy(s => s.Ts / bucket).Select(g => (g.Key, g.Average(s => s.LatencyUs), g.Max(s => s.LossPermille))).Count();
    }

    private static async Task LoginAsync(HttpClient http)
    {
        string form = await http.GetStringAsync("/login");
        string token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        HttpResponseMessage login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "bench", ["password"] = "bench-password-1", ["__RequestVerificationToken"] = token }));
        if (!login.IsSuccessStatusCode && login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"the benchmark's login failed: {(int)login.StatusCode}");
        }
    }

    private static async Task<(double Median, double P95, long Size)> TimeAsync<T>(Func<Task<T>> run)
    {
        long size = Size(await run());
        await run();
        List<double> ms = [];
        for (int i = 0; i < Rounds; i++)
        {
            Stopwatch watch = Stopwatch.StartNew();
            await run();
            ms.Add(watch.Elapsed.TotalMilliseconds);
        }

        ms.Sort();
        return (ms[ms.Count / 2], ms[(int)Math.Ceiling(ms.Count * 0.95) - 1], size);
    }

    private static long Size<T>(T value) => value switch
    {
        string s => s.Length,
        System.Collections.ICollection c => c.Count,
        int n => n,
        _ => 0,
    };
}
