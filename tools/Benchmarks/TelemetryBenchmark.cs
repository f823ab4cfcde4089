using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation.Network;

namespace NfBond.Benchmarks;

/// <summary>
/// Telemetry cost on the device: the size of a state snapshot of a two-link site, bytes allocated per
/// state publish (goal 0: the JSON is written into a reused buffer) and per event (one copy of the
/// event is kept until the broker acknowledges it).
/// </summary>
public sealed class TelemetryBenchmark : IBenchmark
{
    private const int Rounds = 10_000;

    /// <inheritdoc/>
    public string Name => "telemetry";

    /// <inheritdoc/>
    public string Description => "telemetry: bytes per state message, bytes allocated per state publish and per event publish";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedNetwork network = new(loop);
        LinkDefinition[] links = [Link("fiber", 1, LinkRole.Primary), Link("lte", 2, LinkRole.Backup)];
        LinkMonitor monitor = new(loop, links, new DampeningSettings(), [network]);
        Scheduler scheduler = new(loop, monitor, new SimulatedSteering());
        CountingMqttClient mqtt = new();
        TelemetryAgent agent = new(loop, mqtt, new SystemWallClock(), new HmacSha256(), new TelemetryOptions { Site = "bakery-berlin", Device = "dev-0001", StateIntervalMs = 3_600_000 }, null);
        _ = new TelemetryBridge(agent, monitor, scheduler, null, []);
        monitor.Start();
        scheduler.Start();
        agent.Start();
        loop.RunFor(clock, 10_000);

        agent.PublishState();
        int stateBytes = mqtt.LastLength;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            agent.PublishState();
        }

        double perState = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Rounds;

        before = GC.GetAllocatedBytesForCurrentThread();
        long published = mqtt.Publishes;
        for (int i = 0; i < Rounds; i++)
        {
            JsonWriter w = agent.BeginEvent("link_state");
            w.Member("link", "fiber");
            w.Member("state", "down");
            w.Member("cause", "no good round for 2250 ms (2 x 1000 ms + 250 ms skew) while \"lte\" reached its targets");
            agent.CommitEvent();
            loop.RunPending();
        }

        double perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Rounds;
        output.WriteLine($"state message: {stateBytes} B for a two-link site (links, plan, modems)");
        output.WriteLine($"state publish: {perState:F1} B allocated per publish ({Rounds} publishes)");
        output.WriteLine($"event publish: {perEvent:F1} B allocated per event (the kept copy of a {mqtt.LastLength} B event; {mqtt.Publishes - published} acknowledged, {agent.Outbox.Count} waiting)");
    }

    private static LinkDefinition Link(string name, int mark, LinkRole role) => new()
    {
        Name = name,
        Interface = name,
        Mark = mark,
        Role = role,
        DownKbps = 100_000,
        Detection = DetectionSettings.Fast(),
        Targets = new[] { "1.1.1.1", "9.9.9.9", "8.8.8.8" }.Select(h => new ProbeTarget { Kind = ProbeKind.Tcp, Host = h, Port = 443 }).ToArray(),
    };
}
