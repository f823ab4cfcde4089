using System.CommandLine;
using NfBond.Aggregator;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation;
using NfBond.Simulation.Network;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond demo</c>: the aggregator with its defaults and one simulated site reporting to it, on a fresh machine.</summary>
public static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<int> mqttPort = new("--mqtt-port") { Description = "embedded broker port", DefaultValueFactory = _ => 1883 };
        Option<int> httpPort = new("--http-port") { Description = "API port", DefaultValueFactory = _ => 8080 };
        Option<string> data = new("--data") { Description = "aggregator data directory", DefaultValueFactory = _ => "nfbond-data" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C)" };
        Command command = new("demo", "Start the aggregator and one simulated site (fiber primary, LTE backup, an outage every 60 s) reporting to it.")
        {
            mqttPort, httpPort, data, seconds,
        };
        command.SetAction(result =>
        {
            AggregatorOptions options = new() { MqttPort = result.GetValue(mqttPort), HttpPort = result.GetValue(httpPort), DataDirectory = result.GetValue(data)! };
            return RunAsync(options, result.GetValue(seconds), result.InvocationConfiguration.Output).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(AggregatorOptions options, double seconds, TextWriter output)
    {
        await using AggregatorHost aggregator = new(options);
        await aggregator.StartAsync();
        (string password, string secret) = aggregator.Registry.Add("bakery-berlin", "demo-controller");

        SiteDefinition site = SiteDefinitionReader.Read(ControllerCommand.ExampleSite()).Site!;
        EventLoop loop = new(new SystemClock());
        SimulatedNetwork network = new(loop);
        MemoryStorage storage = new();
        TelemetryOptions telemetry = new()
        {
            Site = "bakery-berlin",
            Device = "demo-controller",
            Secret = Convert.FromHexString(secret),
            StateIntervalMs = 10_000,
            Broker = new MqttConnectOptions { Host = "127.0.0.1", Port = options.MqttPort, Username = "demo-controller", Password = password },
        };
        BoardDefinition board = BoardDefinitionReader.Read(ControllerCommand.ExampleBoard()).Board!;
        ControllerHost controller = new(loop, board, site, restart => new SimulatedPlatform(loop, network, storage, new SystemWallClock(), new MqttNetClient(), restart),
            telemetry, new EventLog(loop.Clock, 64), TextWriter.Null);
        LoopTimer repair = new(loop, _ => network.Cut(site.Links[0].Interface, false));
        new LoopTimer(loop, _ =>
        {
            network.Cut(site.Links[0].Interface);
            repair.Start(10_000);
        }).StartPeriodic(60_000);

        string api = $"http://{options.ListenAddress}:{options.HttpPort}";
        output.WriteLine("nf-bond demo: the aggregator and one simulated site (fiber primary, LTE backup; the fiber fails for 10 s every minute)");
        output.WriteLine($"  API:     curl -H 'Authorization: Bearer {aggregator.ApiToken}' {api}/api/controllers");
        output.WriteLine($"  events:  curl -H 'Authorization: Bearer {aggregator.ApiToken}' {api}/api/controllers/demo-controller/events");
        output.WriteLine($"  state:   curl -H 'Authorization: Bearer {aggregator.ApiToken}' {api}/api/controllers/demo-controller/state");
        output.WriteLine($"  metrics: curl {api}/metrics");
        output.WriteLine($"  MQTT:    {options.ListenAddress}:{options.MqttPort} (per-device credentials), data in {options.DataDirectory}");
        output.WriteLine(seconds > 0 ? $"running for {seconds} s" : "Ctrl+C stops");
        using StopSignals signals = new(loop);
        controller.Start();
        if (seconds > 0)
        {
            new LoopTimer(loop, _ => loop.Stop()).Start((long)(seconds * 1000));
        }

        await Task.Run(loop.Run);
        controller.Stop();
        output.WriteLine($"stopped; the aggregator stored {aggregator.Ingest.Stored} messages");
        return 0;
    }
}
