using System.Diagnostics;

namespace NfBond.Lab;

/// <summary>
/// <c>nfbond lab failover</c>: runs the controller on the lab router, streams traffic from the LAN host,
/// cuts the primary path again and again, and measures each cut: detection, cut-to-restore (first
/// datagram through a backup), datagrams lost, and time back to the primary after the repair.
/// </summary>
public sealed class FailoverRun
{
    private readonly FailoverOptions _options;
    private readonly TextWriter _output;

    /// <summary>Prepares a run.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="output">Where per-cut lines and the summary go.</param>
    public FailoverRun(FailoverOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
    }

    /// <summary>Gets the measurements once <see cref="Run"/> returned.</summary>
    public List<CutResult> Results { get; } = [];

    /// <summary>Runs the cuts; the lab must be up with at least two links.</summary>
    /// <returns>The summary line (also printed last).</returns>
    public string Run()
    {
        int links = LabTopology.LinkCount();
        if (links < 2)
        {
            throw new InvalidOperationException($"the lab has {links} provider path(s); run `nfbond lab up --links 2` (or more) first");
        }

        string siteFile = Path.Combine(Directory.CreateTempSubdirectory("nfbond-lab").FullName, "site.json");
        File.WriteAllText(siteFile, SiteJson(links, _options.Profile));
        int intervalMs = _options.Profile == "fast" ? 100 : 1000;
        Random random = new(_options.Seed);
        _output.WriteLine($"lab failover: profile {_options.Profile}, {_options.Cuts} cut(s), {links} links, wan1 primary; flap dampening off so each cut is measured on its own");

        using LabServices services = new();
        using ControllerProcess controller = new(_options.ControllerCommand, siteFile);
        if (WaitFor(() => controller.FirstAfter(0, e => ControllerProcess.IsPlanAllOn(e, "wan1")), 20_000) == null)
        {
            throw new InvalidOperationException("the controller made no plan with wan1 carrying everything within 20 s; its errors:\n" + controller.Errors);
        }

        using TrafficStream traffic = new();
        if (WaitFor(() => traffic.FirstAfter(0, p => p == 1)?.AtTicks, 5000) == null)
        {
            throw new InvalidOperationException("no traffic arrives through wan1 although the plan says so; controller errors:\n" + controller.Errors);
        }

        for (int cut = 1; cut <= _options.Cuts; cut++)
        {
            CutMethod method = _options.Method ?? (cut % 2 == 1 ? CutMethod.Drop : CutMethod.LinkDown);
            Thread.Sleep(random.Next(intervalMs));
            CutResult result = MeasureCut(cut, method, controller, traffic);
            Results.Add(result);
            _output.WriteLine($"cut {cut} ({(method == CutMethod.Drop ? "nftables drop" : "link down")}): detection {Ms(result.DetectionMs)}, cut-to-restore {Ms(result.RestoreMs)}, lost {result.Lost} packets, back to primary {Ms(result.BackToPrimaryMs)} after repair");
        }

        string summary = Summary();
        _output.WriteLine(summary);
        return summary;
    }

    /// <summary>Gets the value at a percentile (nearest rank) of measured values, ignoring misses (-1).</summary>
    /// <param name="values">The values.</param>
    /// <param name="percent">0 to 100.</param>
    /// <returns>The value, or -1 when there are none.</returns>
    public static double Percentile(IEnumerable<double> values, double percent)
    {
        double[] sorted = values.Where(v => v >= 0).Order().ToArray();
        if (sorted.Length == 0)
        {
            return -1;
        }

        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private CutResult MeasureCut(int index, CutMethod method, ControllerProcess controller, TrafficStream traffic)
    {
        long cutAt = Stopwatch.GetTimestamp();
        Cut(method, true);
        long? restoredAt = WaitFor(() => traffic.FirstAfter(cutAt, p => p > 1)?.AtTicks, 15_000);
        long? detectedAt = WaitFor(() => controller.FirstAfter(cutAt, e => ControllerProcess.IsState(e, "wan1", "down")), 15_000);
        Thread.Sleep(_options.HoldCutMs);
        int lost = traffic.LostBetween(cutAt, restoredAt ?? Stopwatch.GetTimestamp());
        long repairAt = Stopwatch.GetTimestamp();
        Cut(method, false);
        long? backAt = WaitFor(() => traffic.FirstSentAfter(repairAt, p => p == 1)?.AtTicks, 30_000);
        // The next cut starts from the primary again: the plan says so and fresh traffic shows it.
        WaitFor(() => controller.FirstAfter(repairAt, e => ControllerProcess.IsPlanAllOn(e, "wan1")), 30_000);
        long settled = Stopwatch.GetTimestamp();
        WaitFor(() => traffic.FirstSentAfter(settled, p => p == 1)?.AtTicks, 5000);
        return new CutResult(index, method, Since(cutAt, detectedAt), Since(cutAt, restoredAt), lost, Since(repairAt, backAt));
    }

    private static void Cut(CutMethod method, bool cut)
    {
        string provider = LabTopology.Provider(1);
        if (method == CutMethod.LinkDown)
        {
            LabTopology.Run("ip", "-n", provider, "link", "set", LabTopology.ProviderRouterSide(1), cut ? "down" : "up");
        }
        else if (cut)
        {
            LabTopology.Run("ip", ["netns", "exec", provider, "nft", "-f", "-"], "table inet labcut {\n  chain cut {\n    type filter hook forward priority 0; policy drop;\n  }\n}\n");
        }
        else
        {
            LabTopology.Run("ip", "netns", "exec", provider, "nft", "delete", "table", "inet", "labcut");
        }
    }

    private string Summary()
    {
        double[] restore = Results.Select(r => r.RestoreMs).ToArray();
        double[] detection = Results.Select(r => r.DetectionMs).ToArray();
        double[] back = Results.Select(r => r.BackToPrimaryMs).ToArray();
        int missed = Results.Count(r => r.RestoreMs < 0);
        return $"summary: profile {_options.Profile}, {Results.Count} cuts{(missed > 0 ? $" ({missed} never restored)" : "")}, "
            + $"cut-to-restore p50 {Percentile(restore, 50):F0} ms p95 {Percentile(restore, 95):F0} ms, "
            + $"detection p50 {Percentile(detection, 50):F0} ms p95 {Percentile(detection, 95):F0} ms, "
            + $"lost p50 {Percentile(Results.Select(r => (double)r.Lost), 50):F0} packets, back to primary p50 {Percentile(back, 50):F0} ms";
    }

    /// <summary>Writes the lab's site file: wan1 primary, the others backups, targets on the internet host.</summary>
    /// <param name="links">Provider paths.</param>
    /// <param name="profile">Detection profile.</param>
    /// <returns>The JSON text.</returns>
    public static string SiteJson(int links, string profile)
    {
        string[] types = ["fiber", "dsl", "lte", "cable", "5g", "starlink", "radio", "fiber"];
        IEnumerable<string> entries = Enumerable.Range(1, links).Select(k =>
            $"{{\"name\":\"wan{k}\",\"type\":\"{types[k - 1]}\",\"provider\":\"provider {k}\",\"interface\":\"{LabTopology.Wan(k)}\",\"gateway\":\"{LabTopology.Gateway(k)}\","
            + $"\"downKbps\":100000,\"role\":\"{(k == 1 ? "primary" : "backup")}\",\"targets\":["
            + $"{{\"kind\":\"tcp\",\"host\":\"{LabTopology.Targets[0]}\",\"port\":80}},{{\"kind\":\"http\",\"host\":\"{LabTopology.Targets[1]}\",\"port\":80,\"path\":\"/\"}},{{\"kind\":\"dns\",\"host\":\"{LabTopology.Targets[2]}\",\"name\":\"lab.test\"}}]}}");
        return $"{{\"format\":\"nfbond-site/1\",\"site\":\"lab\",\"lan\":\"{LabTopology.LanInterface}\",\"profile\":\"{profile}\",\"dampening\":{{\"enabled\":false}},\"links\":[{string.Join(",", entries)}]}}";
    }

    private static long? WaitFor(Func<long?> probe, int timeoutMs)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.ElapsedMilliseconds < timeoutMs)
        {
            long? found = probe();
            if (found != null)
            {
                return found;
            }

            Thread.Sleep(2);
        }

        return null;
    }

    private static double Since(long fromTicks, long? toTicks) => toTicks == null ? -1 : (toTicks.Value - fromTicks) * 1000.0 / Stopwatch.Frequency;

    private static string Ms(double ms) => ms < 0 ? "none" : $"{ms:F0} ms";
}
