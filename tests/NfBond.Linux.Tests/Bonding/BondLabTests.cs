using System.Diagnostics;
using NfBond.Lab;
using Xunit.Abstractions;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>
/// The tunnel between real namespaces over tbf-shaped paths, with iperf3 through it. Rates are printed,
/// not asserted (a shared machine's throughput is no test); what must hold is that both paths carry one
/// flow and that a cut path neither breaks the flow nor stays in use.
/// </summary>
[Collection("lab")]
public class BondLabTests(ITestOutputHelper output)
{
    [Fact]
    public async Task One_tcp_flow_uses_both_paths_and_survives_a_cut_of_the_faster_one()
    {
        using BondLab lab = new([20, 10], [10, 10], TextWriter.Null);
        double fast = BondLab.Iperf("10.77.1.1", 3, "bbr", 0);
        double slow = BondLab.Iperf("10.77.2.1", 3, "bbr", 0);
        lab.Start();
        List<(int Path, bool Alive, long AtMs)> changes = [];
        Stopwatch clock = Stopwatch.StartNew();
        lab.SiteEnd!.PathChanged += (path, alive) => { lock (changes) { changes.Add((path, alive, clock.ElapsedMilliseconds)); } };

        double tunnel = BondLab.Iperf("10.99.0.1", 4, "bbr", 0);
        long[] bytes = [.. lab.ServerEnd!.Arrivals.Select(a => a.ReceivedBytes)];
        // Each wire delays 5 ms each way: a round trip from the feedback's echo can be longer (queues), never shorter.
        long[] rtts = [lab.SiteEnd.RoundTripUs(0), lab.SiteEnd.RoundTripUs(1), lab.ServerEnd.RoundTripUs(0), lab.ServerEnd.RoundTripUs(1)];
        output.WriteLine($"round trips measured (site 0, 1; server 0, 1): {string.Join(", ", rtts.Select(r => $"{r / 1000.0:F1} ms"))}");
        Assert.All(rtts, r => Assert.InRange(r, 10_000, 200_000));
        output.WriteLine($"paths alone {fast:F1} + {slow:F1} Mbit/s; tunnel, one BBR flow, {tunnel:F1} Mbit/s ({100 * tunnel / (fast + slow):F0} % of the sum); "
            + $"bytes per path {string.Join(" + ", bytes.Select(b => $"{b / 1e6:F1} MB"))}; reordering given up {lab.ServerEnd.Reorder.GivenUp} (waited out {lab.ServerEnd.Reorder.WaitedOut}), late {lab.ServerEnd.Reorder.Late}; "
            + $"paced at {lab.SiteEnd.PacingBytesPerSecond(0) * 8 / 1e6:F1} + {lab.SiteEnd.PacingBytesPerSecond(1) * 8 / 1e6:F1} Mbit/s");
        Assert.True(tunnel > 0);
        Assert.All(bytes, b => Assert.True(b > 0.15 * bytes.Sum(), $"bytes per path {string.Join(", ", bytes)}: one path carried almost nothing"));

        // The faster link is cut upstream 2 s into a 5 s flow: the flow goes on over the other path, and what the cut
        // path lost on its way goes again over the other.
        double stallMs = 0;
        bool cutInTime = false;
        double survived = await Task.Run(() => lab.CutDuring(1, 2000, false, () => BondLab.Iperf("10.99.0.1", 5, "cubic", 100, out stallMs), out cutInTime));
        Assert.True(cutInTime, "the cut came after the flow had ended");
        output.WriteLine($"cut of the 20 Mbit/s path during a CUBIC flow: {survived:F1} Mbit/s over 5 s, longest stall {stallMs:F0} ms (100 ms intervals); path changes {string.Join(", ", changes)}; sent again {lab.SiteEnd.Reinjected}; "
            + $"given up {lab.ServerEnd.Reorder.GivenUp} (waited out {lab.ServerEnd.Reorder.WaitedOut}), late {lab.ServerEnd.Reorder.Late}, copies dropped {lab.ServerEnd.Reorder.Duplicates}");
        Assert.Contains(changes, c => c.Path == 0 && !c.Alive);
        Assert.False(lab.SiteEnd.IsAlive(0));
        Assert.True(lab.SiteEnd.IsAlive(1));
        Assert.True(lab.SiteEnd.Reinjected > 0, "the cut path's last packets were not sent again on the other");
    }

    [Fact]
    public void A_path_configured_at_twice_its_capacity_is_paced_at_what_it_delivers()
    {
        using BondLab lab = new([20, 10], [10, 10], TextWriter.Null, configuredMbit: [40, 10]);
        lab.Start();
        // The rate saws around the bottleneck (down to what came through, up by 1/32 a report): sampled, not read once.
        List<double> paced = [];
        using CancellationTokenSource done = new();
        Thread sampler = new(() =>
        {
            while (!done.IsCancellationRequested)
            {
                lock (paced)
                {
                    paced.Add(lab.SiteEnd!.PacingBytesPerSecond(0) * 8 / 1e6);
                }

                Thread.Sleep(100);
            }
        }) { IsBackground = true };
        sampler.Start();
        double tunnel = BondLab.Iperf("10.99.0.1", 5, "cubic", 0);
        done.Cancel();
        sampler.Join();
        double[] late = [.. paced.Skip(paced.Count / 2).Order()];
        double median = late[late.Length / 2];
        output.WriteLine($"20 + 10 Mbit/s paths told 40 + 10: tunnel, one CUBIC flow, {tunnel:F1} Mbit/s; path 0 paced at {late[0]:F1}-{late[^1]:F1} Mbit/s in the flow's second half (median {median:F1}); "
            + $"lost on path 0 {lab.ServerEnd!.Arrivals[0].Lost}, reordering given up {lab.ServerEnd.Reorder.GivenUp}");
        // tbf at 20 Mbit/s counts Ethernet frames; the pacer's rate counts the same bytes.
        Assert.InRange(median, 12, 22);
    }

    [Fact]
    public void One_bbr_flow_over_a_10_and_a_60_ms_path_keeps_the_slow_one_busy_with_delay_equalization()
    {
        double[] share = new double[2];
        foreach (bool equalize in new[] { false, true })
        {
            using BondLab lab = new([20, 10], [10, 60], TextWriter.Null, tune: o => o.Reorder.EqualizeDelay = equalize);
            lab.Start();
            double tunnel = BondLab.Iperf("10.99.0.1", 6, "bbr", 0);
            long[] bytes = [.. lab.ServerEnd!.Arrivals.Select(a => a.ReceivedBytes)];
            share[equalize ? 1 : 0] = (double)bytes[1] / bytes.Sum();
            output.WriteLine($"20 + 10 Mbit/s at 10 / 60 ms, one BBR flow, equalization {(equalize ? "on" : "off")}: {tunnel:F1} Mbit/s; bytes per path {string.Join(" + ", bytes.Select(b => $"{b / 1e6:F1} MB"))}; "
                + $"given up {lab.ServerEnd.Reorder.GivenUp}");
        }

        // BBR's window follows the least round trip it saw: without equalization the fast path's, and the slow path idles.
        // Its capacity's share is 35 %; without equalization it carried 2-22 % (22 % on a loaded machine), with 32 %.
        Assert.True(share[1] > 0.27 && share[1] > share[0], $"the slow path carried {share[0]:P0} of the bytes without equalization, {share[1]:P0} with");
    }
}
