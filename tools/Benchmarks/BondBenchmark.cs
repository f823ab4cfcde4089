using System.Globalization;
using NfBond.Lab;

namespace NfBond.Benchmarks;

/// <summary>
/// The bonding tunnel against kernel MPTCP on the same lab paths in the same run (<see cref="BondLab"/>: tbf
/// rates, delay wires for the RTTs): one TCP flow per congestion control through each, the single paths alone
/// for the sum, a cut of the fastest path during a flow, and a 50 pps real-time stream duplicated across a cut.
/// Goals: one flow at least 90 % of the sum at equal RTT and 85 % at 10 vs 60 ms, ratio over 1.0 everywhere,
/// a stall under 300 ms on a cut without a reset, no real-time packet lost. Unequal RTTs run twice, the second
/// time with delay equalization (what BBR needs). Stalls are the receiver's: its longest run of 100 ms intervals
/// below a tenth of the flow's mean.
/// </summary>
public sealed class BondBenchmark : IBenchmark
{
    private const int Seconds = 6;

    /// <inheritdoc/>
    public string Name => "bond";

    /// <inheritdoc/>
    public string Description => "bonding tunnel vs kernel MPTCP: one TCP flow (BBR, CUBIC) per scenario, efficiency against the paths' sum, stall on a cut, real-time loss in duplication mode (lab, root)";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        Scenario(output, "20+10 equal-rtt", [20, 10], [20, 20], cut: true);
        Scenario(output, "20+10 rtt-10-60", [20, 10], [10, 60], cut: false);
        Scenario(output, "20+10 rtt-10-60 equalized", [20, 10], [10, 60], cut: false, equalize: true);
        Scenario(output, "50+20+10 mismatched", [50, 20, 10], [20, 30, 40], cut: false);
    }

    private static void Scenario(TextWriter output, string name, long[] mbit, double[] rttMs, bool cut, bool equalize = false)
    {
        using BondLab lab = new(mbit, rttMs, TextWriter.Null, tune: o => o.Reorder.EqualizeDelay = equalize);
        double sum = Enumerable.Range(1, mbit.Length).Sum(k => BondLab.Iperf($"10.77.{k}.1", 4, "cubic", 0));
        lab.Start();
        foreach (string congestion in new[] { "bbr", "cubic" })
        {
            TunnelCpu cpu = TunnelCpu.Start();
            double tunnel = BondLab.Iperf("10.99.0.1", Seconds, congestion, 0);
            double cpuPerGb = cpu.SecondsPerGigabyte(tunnel * Seconds / 8 / 1000);
            double mptcp = BondLab.Iperf("10.77.1.1", Seconds, congestion, 0, true, out _);
            output.WriteLine(Line($"{name} {congestion}", tunnel, mptcp, sum) + $"; tunnel CPU {cpuPerGb.ToString("F1", CultureInfo.InvariantCulture)} s/GB (both ends)");
        }

        if (!cut)
        {
            return;
        }

        // The fastest path is cut upstream 2 s into the flow and mended after it, for the next one.
        double tunnelStall = 0;
        double mptcpStall = 0;
        double tunnelCut = lab.CutDuring(1, 2000, true, () => BondLab.Iperf("10.99.0.1", Seconds, "cubic", 100, false, out tunnelStall), out bool tunnelInTime);
        double mptcpCut = lab.CutDuring(1, 2000, true, () => BondLab.Iperf("10.77.1.1", Seconds, "cubic", 100, true, out mptcpStall), out bool mptcpInTime);
        output.WriteLine(Line($"{name} cut cubic", tunnelCut, mptcpCut, sum) + $"; stall tunnel {tunnelStall:F0} ms, mptcp {mptcpStall:F0} ms (100 ms intervals), no reset; sent again {lab.SiteEnd!.Reinjected}"
            + (tunnelInTime && mptcpInTime ? "" : "; NOT VALID: a cut came after its flow had ended"));

        int lost = 0;
        int sent = 0;
        lab.CutDuring(1, 2000, true, () => BondLab.RealTime("10.99.0.1", Seconds, out sent, out lost), out bool realTimeInTime);
        output.WriteLine($"bond {name} real-time duplication across a cut: {lost} of {sent} packets lost (50 pps, DSCP EF)" + (realTimeInTime ? "" : "; NOT VALID: the cut came after the stream had ended"));
    }

    private static string Line(string scenario, double tunnel, double mptcp, double sum) =>
        string.Create(CultureInfo.InvariantCulture, $"bond {scenario}: tunnel {tunnel:F1} Mbit/s, mptcp {mptcp:F1} Mbit/s, sum {sum:F1} Mbit/s, efficiency {100 * tunnel / sum:F0} %, ratio {tunnel / mptcp:F2}");
}
