using System.Diagnostics;
using MQTTnet.Server;
using NfBond.Aggregator;
using NfBond.Aggregator.Ingest;
using NfBond.Benchmarks;
using NfBond.Cli.Fleet;

namespace NfBond.Cli.Benchmarks;

/// <summary>
/// Aggregator ingest against the broker alone, in one run: simulated controllers publish QoS 1 as fast as
/// acknowledgements allow, first to the aggregator (embedded broker, validation, SQLite commit before the
/// acknowledgement), then to a bare MQTTnet broker that stores nothing. Prints sustained messages/s,
/// end-to-end lag (message ts to commit) p50/p99, the ratio to the bare broker, and how long 10,000 idle
/// controllers (simulated by a second nfbond process) take to connect to the aggregator.
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
    public string Description => "aggregator ingest: sustained msg/s, lag p50/p99, ratio to the bare broker, time to connect 10,000 idle devices";

    /// <inheritdoc/>
    public void Run(TextWriter output) => RunAsync(output).GetAwaiter().GetResult();

    private static async Task RunAsync(TextWriter output)
    {
        int port = FreePort();
        AggregatorOptions options = new() { MqttPort = port, HttpPort = FreePort(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-ingest").FullName, AllowAnonymous = true };
        List<long> lags = [];
        long measuring = 0;
        double ingestRate;
        await using (AggregatorHost host = new(options))
        {
            host.Ingest.Committed = (m, now) =>
            {
                if (Interlocked.Read(ref measuring) == 1)
                {
                    lock (lags)
                    {
                        lags.Add(now - m.Timestamp);
                    }
                }
            };
            await host.StartAsync();
            ingestRate = await Drive(port, host.Ingest, () => Interlocked.Exchange(ref measuring, 1));
            Interlocked.Exchange(ref measuring, 0);
        }

        string connected;
        AggregatorOptions idleOptions = new() { MqttPort = FreePort(), HttpPort = FreePort(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-idle").FullName, AllowAnonymous = true };
        await using (AggregatorHost host = new(idleOptions))
        {
            await host.StartAsync();
            connected = ConnectMany(idleOptions.MqttPort, IdleDevices);
        }

        long[] sorted;
        lock (lags)
        {
            sorted = [.. lags.Order()];
        }

        int bare = FreePort();
        MqttServer server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(bare).Build());
        await server.StartAsync();
        double brokerRate = await Drive(bare, null, () => { });
        await server.StopAsync();
        server.Dispose();

        output.WriteLine($"aggregator (embedded broker + SQLite, commit before PUBACK), {Devices} controllers x {InFlight} in flight: {ingestRate:F0} msg/s stored");
        output.WriteLine($"lag from message ts to commit: p50 {Pct(sorted, 50)} ms, p99 {Pct(sorted, 99)} ms ({sorted.Length} messages)");
        output.WriteLine($"bare MQTTnet broker, same load: {brokerRate:F0} msg/s acknowledged; ratio aggregator/broker {ingestRate / brokerRate:F2}");
        output.WriteLine(connected);
    }

    private static async Task<double> Drive(int port, IngestPipeline? ingest, Action startMeasuring)
    {
        await using FleetSimulator fleet = new();
        await fleet.StartAsync("127.0.0.1", port, "bench", Devices, 0, InFlight, _ => null);
        await Task.Delay(2000);
        startMeasuring();
        long before = ingest?.Stored ?? fleet.Acknowledged;
        Stopwatch clock = Stopwatch.StartNew();
        await Task.Delay(MeasureSeconds * 1000);
        long after = ingest?.Stored ?? fleet.Acknowledged;
        return (after - before) / clock.Elapsed.TotalSeconds;
    }

    private static string ConnectMany(int port, int devices)
    {
        string[] self = Commands.LabCommand.SelfCommand();
        ProcessStartInfo info = new(self[0], [.. self[1..], "fleet", "simulate", "--broker", $"mqtt://127.0.0.1:{port}", "--devices", devices.ToString(), "--interval", "3600", "--site", "idle", "--seconds", "3"])
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
        return result.Length > 0
            ? $"idle controllers (one message an hour) from a second process to the aggregator: {result}; aggregator process working set {Environment.WorkingSet / (1 << 20)} MiB"
            : $"connecting {devices} controllers failed (exit {child.ExitCode}): {errors.Result.Trim()}";
    }

    private static long Pct(long[] sorted, int percent) => sorted.Length == 0 ? -1 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];

    private static int FreePort()
    {
        System.Net.Sockets.TcpListener listener = new(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
