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
/// 1. from a second process to the aggregator's defaults (embedded broker, validation, SQLite commit before
///    the acknowledgement), then to a bare MQTTnet broker that stores nothing: sustained messages/s, the
///    ratio, and end-to-end lag (message ts to commit) p50/p99;
/// 2. a real mosquitto consumed by two aggregator instances (shared subscription) writing to a real
///    PostgreSQL: a backlog drained by the instances against the same backlog drained by two bare
///    subscribers (the ratio), then the lag p50/p99 under a steady load;
/// 3. 10,000 idle controllers (a second nfbond process) connecting to the aggregator.
/// Goal: >= 20,000 msg/s with SQLite, p99 lag &lt; 1 s, 10,000 devices.
/// Lives in the nfbond project because it needs the aggregator and the fleet simulator.
/// </summary>
public sealed class IngestBenchmark : IBenchmark
{
    private const int Devices = 200;

    // As an integrator's fleet is: sites of one controller or a VRRP pair, not one site of 200.
    private const int PerSite = 2;
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
        await ScaleOut(output);
        await Embedded(output);
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
            ingestRate = await DriveFromChild(options.MqttPort, () => host.Ingest.Stored, lags.Start);
        }

        int bare = LocalPorts.Free();
        MqttServer server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(bare).Build());
        long published = 0;
        server.InterceptingPublishAsync += _ =>
        {
            Interlocked.Increment(ref published);
            return Task.CompletedTask;
        };
        await server.StartAsync();
        double brokerRate = await DriveFromChild(bare, () => Interlocked.Read(ref published), () => { });
        await server.StopAsync();
        server.Dispose();

        output.WriteLine($"embedded broker + SQLite (commit before PUBACK), {Devices} controllers ({PerSite} per site) x {InFlight} in flight: {ingestRate:F0} msg/s stored");
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
            for (int i = 1; i <= ids.Length; i++)
            {
                // Passwords live in mosquitto here; the aggregator only needs to know the device and its site.
                store.AddDevice(new DeviceRecord(ids[i - 1], FleetSimulator.SiteOf("bench", PerSite, i), "-", "00"));
            }
        }

        using MosquittoServer mosquitto = new(ids);
        AggregatorOptions Options(string instance) => new()
        {
            Broker = mosquitto.AggregatorUrl,
            InstanceId = instance,
            Storage = "postgres",
            PostgresConnectionString = database,
            HttpPort = LocalPorts.Free(),
            DataDirectory = Directory.CreateTempSubdirectory("nfbond-" + instance).FullName,
        };

        // On a 2-core machine publishers at full speed starve the consumers (mosquitto acknowledges them
        // without waiting), so capacity is measured as a drain: both groups' persistent sessions exist, a
        // backlog is published while they are away, then each group drains it alone.
        BareSubscribers bare = new(mosquitto.Port);
        await bare.ConnectAsync();
        await bare.DisconnectAsync(keepSessions: true);
        await using (AggregatorHost a = new(Options("bench-a"), Console.Error))
        await using (AggregatorHost b = new(Options("bench-b"), Console.Error))
        {
            await a.StartAsync();
            await b.StartAsync();
        }

        long backlog;
        double publishRate;
        await using (FleetSimulator fleet = new())
        {
            Stopwatch publishing = Stopwatch.StartNew();
            await fleet.StartAsync("127.0.0.1", mosquitto.Port, "bench", Devices, PerSite, 0, InFlight, _ => MosquittoServer.Password);
            while (fleet.Acknowledged < 100_000)
            {
                await Task.Delay(50);
            }

            backlog = fleet.Acknowledged;
            publishRate = backlog / publishing.Elapsed.TotalSeconds;
        }

        double drained;
        await using (AggregatorHost a = new(Options("bench-a"), Console.Error))
        await using (AggregatorHost b = new(Options("bench-b"), Console.Error))
        {
            Stopwatch draining = Stopwatch.StartNew();
            await a.StartAsync();
            await b.StartAsync();
            drained = await Drained(() => a.Ingest.Stored + b.Ingest.Stored, draining);
            output.WriteLine($"mosquitto + 2 aggregator instances (shared subscription) + PostgreSQL: a {backlog}-message backlog drained at {drained:F0} msg/s (split {a.Ingest.Stored}/{b.Ingest.Stored})");
        }

        Stopwatch bareDraining = Stopwatch.StartNew();
        await bare.ConnectAsync();
        double bareRate = await Drained(() => bare.Received, bareDraining);

        // Ended, or the steady phase would also queue every message for them (mosquitto slows down doing so).
        await bare.DisconnectAsync(keepSessions: false);
        output.WriteLine($"  the same backlog to 2 bare shared subscribers (acknowledge, store nothing): {bareRate:F0} msg/s; ratio aggregator/broker {drained / bareRate:F2}; mosquitto took the backlog from {Devices} publishers at {publishRate:F0} msg/s");

        await using (AggregatorHost a = new(Options("bench-a"), Console.Error))
        await using (AggregatorHost b = new(Options("bench-b"), Console.Error))
        {
            await a.StartAsync();
            await b.StartAsync();
            LagRecorder lags = new();
            lags.Watch(a.Ingest);
            lags.Watch(b.Ingest);
            const int IntervalMs = 100;
            // Sequence numbers above the backlog's: the same (device, seq) again would be a duplicate, not stored.
            double paced = await Drive(mosquitto.Port, IntervalMs, _ => MosquittoServer.Password, () => a.Ingest.Stored + b.Ingest.Stored, lags.Start, firstSeq: 1_000_000);
            output.WriteLine($"  steady load ({Devices} controllers, a message each per {IntervalMs} ms): {paced:F0} msg/s stored, lag {lags}");
        }
    }

    /// <summary>Waits until a counter stops growing for 2 s; the rate is its final value over the time it last grew.</summary>
    private static async Task<double> Drained(Func<long> counter, Stopwatch clock)
    {
        long last = -1;
        TimeSpan grewAt = TimeSpan.Zero;
        while (clock.Elapsed - grewAt < TimeSpan.FromSeconds(2) || last <= 0)
        {
            long now = counter();
            if (now != last)
            {
                last = now;
                grewAt = clock.Elapsed;
            }

            await Task.Delay(20);
        }

        return last / grewAt.TotalSeconds;
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

    /// <summary>Runs the fleet in this process for a warm-up and a measured window; the rate is what <paramref name="counter"/> gained in the window.</summary>
    private static async Task<double> Drive(int port, int intervalMs, Func<string, string?> password, Func<long> counter, Action startMeasuring, long firstSeq = 1)
    {
        await using FleetSimulator fleet = new() { FirstSeq = firstSeq };
        await fleet.StartAsync("127.0.0.1", port, "bench", Devices, PerSite, intervalMs, InFlight, password);
        await Task.Delay(2000);
        startMeasuring();
        long before = counter();
        Stopwatch clock = Stopwatch.StartNew();
        await Task.Delay(MeasureSeconds * 1000);
        long after = counter();
        return (after - before) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Runs the fleet in a second nfbond process (so its CPU is not counted against the broker's own
    /// threads) for a warm-up and a measured window; the rate is what <paramref name="counter"/> gained in the window.
    /// </summary>
    private static async Task<double> DriveFromChild(int port, Func<long> counter, Action startMeasuring)
    {
        string[] self = Commands.LabCommand.SelfCommand();
        ProcessStartInfo info = new(self[0], [.. self[1..], "fleet", "simulate", "--broker", $"mqtt://127.0.0.1:{port}", "--devices", Devices.ToString(), "--per-site", PerSite.ToString(),
            "--interval", "0", "--in-flight", InFlight.ToString(), "--site", "bench", "--seconds", (MeasureSeconds + 6).ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process child = Process.Start(info)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        long start = counter();
        Stopwatch warming = Stopwatch.StartNew();
        while (counter() - start < Devices * 10 && warming.Elapsed < TimeSpan.FromSeconds(30) && !child.HasExited)
        {
            await Task.Delay(100);
        }

        await Task.Delay(1000);
        startMeasuring();
        long before = counter();
        Stopwatch clock = Stopwatch.StartNew();
        await Task.Delay(MeasureSeconds * 1000);
        long after = counter();
        double elapsed = clock.Elapsed.TotalSeconds;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"nfbond fleet simulate exited {child.ExitCode}: {(await errors).Trim()} {(await output).Trim()}");
        }

        return (after - before) / elapsed;
    }

    /// <summary>Two plain MQTT 5 clients in a shared-subscription group of their own, with persistent sessions; they count and acknowledge.</summary>
    private sealed class BareSubscribers(int port)
    {
        private readonly MQTTnet.IMqttClient[] _clients = [new MQTTnet.MqttClientFactory().CreateMqttClient(), new MQTTnet.MqttClientFactory().CreateMqttClient()];
        private long _received;

        public long Received => Interlocked.Read(ref _received);

        public async Task ConnectAsync()
        {
            for (int i = 0; i < _clients.Length; i++)
            {
                MQTTnet.IMqttClient client = _clients[i];
                client.ApplicationMessageReceivedAsync -= Count;
                client.ApplicationMessageReceivedAsync += Count;
                await client.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bare-" + i)
                    .WithCredentials(MosquittoServer.AggregatorUser, MosquittoServer.Password).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithCleanStart(false).WithSessionExpiryInterval(3600).WithReceiveMaximum(ushort.MaxValue).Build());
                await client.SubscribeAsync(new MQTTnet.MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter("$share/bare/nfbond/v1/+/+/events", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter("$share/bare/nfbond/v1/+/+/state", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter("$share/bare/nfbond/v1/+/+/birth", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter("$share/bare/nfbond/v1/+/+/status", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            }
        }

        /// <summary>Disconnects, keeping the sessions (messages queue for them) or ending them.</summary>
        public async Task DisconnectAsync(bool keepSessions)
        {
            foreach (MQTTnet.IMqttClient client in _clients)
            {
                await client.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(keepSessions ? 3600u : 0u).Build());
            }
        }

        private Task Count(MQTTnet.MqttApplicationMessageReceivedEventArgs e)
        {
            Interlocked.Increment(ref _received);
            return Task.CompletedTask;
        }
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
