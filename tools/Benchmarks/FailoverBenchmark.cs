using System.Reflection;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Lab;
using NfBond.Simulation.Network;

namespace NfBond.Benchmarks;

/// <summary>
/// Failover figures per detection profile: in the network lab (real namespaces, the controller as a
/// process, 20 cuts per profile) cut-to-restore p50/p95; under virtual time, detection over cut phases
/// and false failovers in a simulated day with 2 % random probe loss. Goals: fast p95 &lt;= 500 ms,
/// gentle p95 &lt;= 3 s, 0 false failovers. The anchors measured the same way are in the reference notes
/// (mwan3 defaults 60-70 s, Peplink 15 s, keepalived 3.6 s).
/// </summary>
public sealed class FailoverBenchmark : IBenchmark
{
    private const int LabCuts = 20;

    /// <inheritdoc/>
    public string Name => "failover";

    /// <inheritdoc/>
    public string Description => "failover per profile: lab cut-to-restore p50/p95 over 20 cuts, simulated detection, false failovers per simulated day at 2 % probe loss";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        foreach (string profile in new[] { "fast", "gentle" })
        {
            SimulatedDetection(profile, output);
            FalseFailovers(profile, output);
        }

        foreach (string profile in new[] { "fast", "gentle" })
        {
            Lab(profile, output);
        }
    }

    private static void SimulatedDetection(string profile, TextWriter output)
    {
        DetectionSettings d = DetectionSettings.ForProfile(profile)!;
        List<double> times = [];
        for (int phase = 0; phase < d.IntervalMs; phase += Math.Max(1, d.IntervalMs / 50))
        {
            (VirtualClock clock, EventLoop loop, SimulatedNetwork network, LinkMonitor monitor) = Rig(d, 1);
            loop.RunFor(clock, 2000 + phase);
            network.Cut("wan1");
            long cut = clock.NowMs;
            while (monitor.Links[0].State != LinkState.Down && clock.NowMs - cut < 10_000)
            {
                loop.RunFor(clock, 1);
            }

            times.Add(clock.NowMs - cut);
        }

        output.WriteLine($"{profile} (virtual time, {times.Count} cut phases): detection p50 {FailoverRun.Percentile(times, 50):F0} ms, p95 {FailoverRun.Percentile(times, 95):F0} ms, max {times.Max():F0} ms; dead interval {d.DeadIntervalMs} ms");
    }

    private static void FalseFailovers(string profile, TextWriter output)
    {
        (VirtualClock clock, EventLoop loop, SimulatedNetwork network, LinkMonitor monitor) = Rig(DetectionSettings.ForProfile(profile)!, 2026);
        network.LossRate = 0.02;
        network.JitterMs = 15;
        int downs = 0;
        monitor.EventRaised += e => downs += e.Kind == LinkEventKind.StateChanged && e.State == LinkState.Down ? 1 : 0;
        loop.RunFor(clock, 24 * 3600_000L);
        output.WriteLine($"{profile} (virtual time): false failovers in a simulated day at 2 % random probe loss, 3 targets, k=1: {downs}; probes lost {monitor.Links[0].Statistics.LossPermille / 10.0:F1} % in the last window");
    }

    private static void Lab(string profile, TextWriter output)
    {
        try
        {
            if (LabTopology.LinkCount() < 2)
            {
                LabTopology.Up(2, 100, output);
            }

            FailoverRun run = new(new FailoverOptions { Profile = profile, Cuts = LabCuts, ControllerCommand = SelfCommand() }, TextWriter.Null);
            output.WriteLine($"lab {run.Run()}");
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine($"lab {profile}: not measured: {ex.Message}");
        }
    }

    private static string[] SelfCommand() => ["dotnet", "exec", Assembly.GetEntryAssembly()!.Location];

    private static (VirtualClock, EventLoop, SimulatedNetwork, LinkMonitor) Rig(DetectionSettings d, int seed)
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedNetwork network = new(loop, seed);
        LinkDefinition[] links = [Link("wan1", 1, d), Link("wan2", 2, d)];
        LinkMonitor monitor = new(loop, links, new DampeningSettings(), [network]);
        monitor.Start();
        return (clock, loop, network, monitor);
    }

    private static LinkDefinition Link(string name, int mark, DetectionSettings d) => new()
    {
        Name = name,
        Interface = name,
        Mark = mark,
        Role = mark == 1 ? LinkRole.Primary : LinkRole.Backup,
        DownKbps = 100_000,
        Detection = d,
        Targets = new[] { "1.1.1.1", "9.9.9.9", "8.8.8.8" }.Select(h => new ProbeTarget { Kind = ProbeKind.Tcp, Host = h, Port = 443 }).ToArray(),
    };
}
