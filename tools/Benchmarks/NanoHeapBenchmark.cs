using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Simulation;
using NfBond.Simulation.Network;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Benchmarks;

/// <summary>
/// The managed heap a 2-modem, 3-link, VRRP controller with telemetry needs on a 32-bit nanoFramework
/// MCU, per component, after 10 minutes of simulated running (steady state), against the 40 KB goal and an
/// ESP32's heap without PSRAM.
/// </summary>
public sealed class NanoHeapBenchmark : IBenchmark
{
    private const string Site = """
        {"format":"nfbond-site/1","site":"practice","profile":"fast","links":[
          {"name":"dsl","type":"dsl","provider":"A","interface":"wan1","downKbps":100000,"role":"primary"},
          {"name":"lte","type":"lte","provider":"B","interface":"wwan0","downKbps":50000,"role":"backup","modem":"modem1"},
          {"name":"5g","type":"5g","provider":"C","interface":"wwan1","downKbps":200000,"role":"backup","modem":"modem2"}],
         "redundancy":{"interface":"lan0","vrid":51,"priority":150,"advertMs":1000,"virtualAddresses":["192.168.1.1"]}}
        """;

    /// <inheritdoc/>
    public string Name => "heap";

    /// <inheritdoc/>
    public string Description => "estimated nanoFramework heap per component of a 2-modem, 3-link, VRRP controller (32-bit MCU)";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        Measure(output, "full .NET defaults (2000-event outbox, event log 64)", new TelemetryOptions(), 64);
        TelemetryOptions board = new() { MaxQueuedBytes = DeviceSettingsReader.DefaultOutboxBytes, MaxQueuedEvents = DeviceSettingsReader.DefaultOutboxBytes / 96, SpoolSegments = DeviceSettingsReader.DefaultSpoolSegments };
        Measure(output, $"board sizing as Program.Main sets it (outboxBytes {board.MaxQueuedBytes}, {board.SpoolSegments} flash spool segments, event log 16)", board, 16);
        output.WriteLine("heap method: reachable graph after 10 simulated minutes, 12-byte blocks per header/field/reference element, primitive arrays packed, strings as UTF-8 (tools/Benchmarks/NanoHeapEstimator.cs)");
    }

    private static void Measure(TextWriter output, string profile, TelemetryOptions telemetry, int logCapacity)
    {
        output.WriteLine($"heap profile: {profile}");
        BoardDefinition board = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoRoot(), "boards", "esp32-devkitc-2modem.json"))).Board!;
        SiteDefinition site = SiteDefinitionReader.Read(Site).Site!;
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedVrrpSegment segment = new(loop);
        SimulatedPlatform platform = new(loop, new SimulatedNetwork(loop), new MemoryStorage(), new Hal.Linux.SystemWallClock(), new CountingMqttClient(), _ => { }, segment, 0xC0A80102);
        telemetry.Site = "practice";
        telemetry.Device = "ctl-a";
        telemetry.Secret = new byte[32];
        EventLog log = new(clock, logCapacity);
        FirmwareController controller = new(loop, board, site, platform, telemetry, log);
        controller.Start();
        loop.RunFor(clock, 600_000);

        NanoHeapEstimator estimator = new()
        {
            // The platform's parts are the board's (simulated here); their cost is the board's, not the controller's.
            // The simulated network and modems run timers on the same loop; those are the test bench's.
            Stop = o => o is IMqttClient or ISerialLine or IGpioController or IProbeTransport and not Firmware.Modems.ModemPingTransport
                or ISteeringExecutor or IVrrpTransport or IWallClock or IStorage or SimulatedPlatform or Simulation.Modems.ModemSimulator or SimulatedGpioLine
                || IsBench(o) || (o is LoopTimer timer && IsBench(((Delegate)s_timerHandler.GetValue(timer)!).Target)),
        };
        List<(string Name, object Root)> components = [];
        for (int i = 0; i < controller.Modems.Length; i++)
        {
            components.Add(($"ModemSupervisor {controller.Modems[i].Name}", controller.Modems[i]));
        }

        components.Add(("LinkMonitor (3 links)", controller.Monitor));
        components.Add(("Scheduler", controller.Scheduler));
        components.Add(("VrrpInstance", controller.Vrrp!));
        components.Add(($"TelemetryAgent (outbox {telemetry.MaxQueuedEvents} events / {telemetry.MaxQueuedBytes} B, {controller.Agent!.Outbox.Count} queued)", controller.Agent!));
        components.Add(("TelemetryBridge", controller.Bridge!));
        components.Add(($"EventLog({logCapacity})", log));
        components.Add(("EventLoop (timers, posts)", loop));
        components.Add(("Controller and the rest", controller));
        estimator.AddRoots(components.Select(c => c.Root));

        long total = 0;
        foreach ((string name, object root) in components)
        {
            long bytes = estimator.Measure(root);
            total += bytes;
            output.WriteLine($"heap {name}: {bytes / 1024.0:F1} KB ({string.Join(", ", estimator.LastByType.Take(4).Select(t => $"{t.Key} {t.Value / 1024.0:F1}"))})");
        }

        output.WriteLine($"heap total: {total / 1024.0:F1} KB against the 40 KB goal ({total * 100 / 40960} %), an ESP32 without PSRAM has about 84 KB");
        int outage = telemetry.SpoolSegments > 0 ? 2 * telemetry.MaxQueuedBytes : telemetry.MaxQueuedBytes;
        output.WriteLine($"heap during a broker outage: up to {outage / 1024.0:F1} KB more ({telemetry.MaxQueuedBytes / 1024.0:F1} KB of events in RAM{(telemetry.SpoolSegments > 0 ? $", then a {telemetry.MaxQueuedBytes / 1024.0:F1} KB spool segment read back while it is sent; {telemetry.SpoolSegments} segments wait on flash" : "")})");
        controller.Stop();
    }

    private static readonly System.Reflection.FieldInfo s_timerHandler =
        typeof(LoopTimer).GetField("_handler", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;

    private static bool IsBench(object? o)
    {
        string space = o?.GetType().Namespace ?? "";
        return space.StartsWith("NfBond.Simulation", StringComparison.Ordinal) || space.StartsWith("NfBond.Benchmarks", StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nf-bond.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
