using System.Diagnostics;
using MQTTnet.Server;
using NfBond.Aggregator;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;
using NfBond.Benchmarks;
using NfBond.Cli.Fleet;
using NfBond.Lab;
using NfBond.Lab.Servers;

namespace NfBond.Cli.Benchmarks;

/// <summary>
/// Aggregator ingest, each set-up beside its broker alone, in one run. Simulated controllers publish QoS 1
/// as fast as acknowledgements allow:
/// 1. to the aggregator's defaults (embedded broker, validation, SQLite commit before the acknowledgement),
///    then to a bare MQTTnet broker that stores nothing: sustained messages/s, the ratio, and end-to-end lag
///    (message ts to commit) p50/p99;
/// 2. to a real mosquitto consumed by two aggregator instances (shared subscription) writing to a real
///    PostgreSQL, then to that mosquitto with no consumer: capacity and the ratio; then at half that
///    capacity, the lag p50/p99 (at saturation the broker's queue, not the aggregator, sets the lag);
/// 3. 10,000 idle controllers (a second nfbond process) connecting to the aggregator.
/// Goal: >= 20,000 msg/s with SQLite, p99 lag &lt; 1 s, 10,000 devices.
/// Lives in the nfbond project because it needs the aggregator and the fleet simulator.
/// </summary>
public sealed class IngestBenchmark : IBenchmark
{
    private const int Devices = 200;
    private const int InFlight = 8;
    private const int MeasureSeconds = 10;

    // The idle devices run in a child process: both ends of 10,000 connections in one process would pass
    // this machine's 20,000 open files per process.
    private const int IdleDevices = 10_000;

    /// <inheritdoc/>
    public string Name => "ingest";

    /// <inheritdoc/>
    public string Description => "aggregator ingest: embedded+SQLite and mosquitto+2 instances+PostgreSQL, each beside its broker alone; lag p50/p99; 10,000 idle devices";

    /// <inheritdoc/>
    public void Run(TextWriter output) => RunAsync(output).GetAwaiter().GetResult();

    private static async Task RunAsync(TextWriter output)
    {
        await Embedded(output);
        await ScaleOut(output);
        await Idle(output);
    }

    private static async Task Embedded(TextWriter output)
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-ingest").FullName, AllowAnonymous = true };
        LagRecorder lags = new();
        double ingestRate;
        await using (AggregatorHost host = new(options, TextWriter.Null))
        {
            lags.Watch(host.Ingest);
            await host.StartAsync();
            ingestRate = await Drive(options.MqttPort, 0, _ => null, () => host.Ingest.Stored, lags.Start);
        }

        int bare = LocalPorts.Free();
        MqttServer server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(bare).Build());
        await server.StartAsync();
        double brokerRate = await Drive(bare, 0, _ => null, null, () => { });
        await server.StopAsync();
        server.Dispose();

        output.WriteLine($"embedded broker + SQLite (commit before PUBACK), {Devices} controllers x {InFlight} in flight: {ingestRate:F0} msg/s stored");
        output.WriteLine($"  lag from message ts to commit: {lags}");
        output.WriteLine($"  bare MQTTnet broker, same load: {brokerRate:F0} msg/s acknowledged; ratio aggregator/broker {ingestRate / brokerRate:F2}");
    }

    private static async Task ScaleOut(TextWriter output)
    {
        string[] ids = Enumerable.Range(1, Devices).Select(i => $"sim-{i:D5}").ToArray();
        using PostgresServer postgres = new();
        string database = postgres.CreateDatabase("bench");
        using (PostgresFleetStore store = new(database))
        {
            foreach (string id in ids)
            {
                // Passwords live in mosquitto here; the aggregator only needs to know the device and its site.
                store.AddDevice(new DeviceRecord(id, "bench", "-", "00"));
            }
        }

        using MosquittoServer mosquitto = new(ids);
        double brokerRate = await Drive(mosquitto.Port, 0, _ => MosquittoServer.Password, null, () => { });

        AggregatorOptions Options(string instance) => new()
        {
            Broker = $"mqtt://{MosquittoServer.AggregatorUser}:{MosquittoServer.Password}@127.0.0.1:{mosquitto.Port}",
            InstanceId = instance,
            Storage = "postgres",
            PostgresConnectionString = database,
            HttpPort = LocalPorts.Free(),
            DataDirectory = Directory.CreateTempSubdirectory("nfbond-" + instance).FullName,
        };

        await using AggregatorHost a = new(Options("bench-a"), TextWriter.Null);
        await using AggregatorHost b = new(Options("bench-b"), TextWriter.Null);
        await a.StartAsync();
        await b.StartAsync();
        long Stored() => a.Ingest.Stored + b.Ingest.Stored;
        double capacity = await Drive(mosquitto.Port, 0, _ => MosquittoServer.Password, Stored, () => { });
        output.WriteLine($"mosquitto + 2 aggregator instances (shared subscription) + PostgreSQL, {Devices} controllers x {InFlight} in flight: {capacity:F0} msg/s stored");
        output.WriteLine($"  mosquitto alone, same load: {brokerRate:F0} msg/s acknowledged; ratio aggregator/broker {capacity / brokerRate:F2}");

        // Let the backlog drain, then offer half the capacity at a steady pace.
        long settled = -1;
        while (settled != Stored())
        {
            settled = Stored();
            await Task.Delay(1000);
        }

        LagRecorder lags = new();
        lags.Watch(a.Ingest);
        lags.Watch(b.Ingest);
        int intervalMs = Math.Max(1, (int)(Devices * 1000 / Math.Max(1, capacity / 2)));
        double paced = await Drive(mosquitto.Port, intervalMs, _ => MosquittoServer.Password, Stored, lags.Start);
        output.WriteLine($"  at half capacity ({Devices} controllers, one message each per {intervalMs} ms): {paced:F0} msg/s stored, lag {lags}; split {a.Ingest.Stored}/{b.Ingest.Stored}");
    }

    private static async Task Idle(TextWriter output)
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-idle").FullName, AllowAnonymous = true };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        string[] self = Commands.LabCommand.SelfCommand();
        ProcessStartInfo info = new(self[0], [.. self[1..], "fleet", "simulate", "--broker", $"mqtt://127.0.0.1:{options.MqttPort}", "--devices", IdleDevices.ToString(), "--interval", "3600", "--site", "idle", "--seconds", "3"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process child = Process.Start(info)!;
        Task<string> errors = child.StandardError.ReadToEndAsync();
        string? line;
        string result = "";
        while ((line = child.StandardOutput.ReadLine()) != null)
        {
            if (line.Contains("controllers connected", StringComparison.Ordinal))
            {
                result = line;
            }
        }

        child.WaitForExit();
        output.WriteLine(result.Length > 0
            ? $"idle controllers (one message an hour) from a second process to the aggregator: {result}; aggregator process working set {Environment.WorkingSet / (1 << 20)} MiB"
            : $"connecting {IdleDevices} controllers failed (exit {child.ExitCode}): {errors.Result.Trim()}");
    }

    /// <summary>Runs the fleet for a warm-up and a measured window; the rate is what <paramref name="counter"/> (or the broker's acknowledgements) gained in the window.</summary>
    private static async Task<double> Drive(int port, int intervalMs, Func<string, string?> password, Func<long>? counter, Action startMeasuring)
    {
        await using FleetSimulator fleet = new();
        await fleet.StartAsync("127.0.0.1", port, "bench", Devices, intervalMs, InFlight, password);
        await Task.Delay(2000);
        startMeasuring();
        long before = counter?.Invoke() ?? fleet.Acknowledged;
        Stopwatch clock = Stopwatch.StartNew();
        await Task.Delay(MeasureSeconds * 1000);
        long after = counter?.Invoke() ?? fleet.Acknowledged;
        return (after - before) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Message ts to commit, for messages committed while measuring.</summary>
    private sealed class LagRecorder
    {
        private readonly List<long> _lags = [];
        private int _measuring;

        public void Watch(IngestPipeline ingest) => ingest.Committed = (m, now) =>
        {
            if (Volatile.Read(ref _measuring) == 1)
            {
                lock (_lags)
                {
                    _lags.Add(now - m.Timestamp);
                }
            }
        };

        public void Start() => Volatile.Write(ref _measuring, 1);

        public override string ToString()
        {
            long[] sorted;
            lock (_lags)
            {
                sorted = [.. _lags.Order()];
            }

            return sorted.Length == 0 ? "no messages" : $"p50 {Pct(sorted, 50)} ms, p99 {Pct(sorted, 99)} ms ({sorted.Length} messages)";
        }

        private static long Pct(long[] sorted, int percent) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
    }
}
