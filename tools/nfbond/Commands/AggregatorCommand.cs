using System.CommandLine;
using NfBond.Aggregator;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond aggregator</c>: the fleet aggregator with its defaults; <c>nfbond aggregator device add</c> provisions a controller.</summary>
public static class AggregatorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<int> mqttPort = new("--mqtt-port") { Description = "embedded broker port", DefaultValueFactory = _ => 1883 };
        Option<int> httpPort = new("--http-port") { Description = "API port", DefaultValueFactory = _ => 8080 };
        Option<string> data = new("--data") { Description = "data directory (SQLite database, API token)", DefaultValueFactory = _ => "nfbond-data" };
        Option<string> listen = new("--listen") { Description = "address to listen on (default loopback only)", DefaultValueFactory = _ => "127.0.0.1" };
        Option<bool> anonymous = new("--allow-anonymous") { Description = "LAB USE ONLY: let controllers connect without credentials" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C)" };
        Command run = new("aggregator", "Run the fleet aggregator: embedded MQTT broker, SQLite storage, REST API and /metrics.")
        {
            mqttPort, httpPort, data, listen, anonymous, seconds,
        };
        run.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            AggregatorOptions options = new()
            {
                MqttPort = result.GetValue(mqttPort),
                HttpPort = result.GetValue(httpPort),
                DataDirectory = result.GetValue(data)!,
                ListenAddress = result.GetValue(listen)!,
                AllowAnonymous = result.GetValue(anonymous),
            };
            if (options.AllowAnonymous)
            {
                result.InvocationConfiguration.Error.WriteLine("WARNING: --allow-anonymous: any client that reaches the broker can publish telemetry. Lab use only; never on a network you do not control.");
            }

            return RunAsync(options, result.GetValue(seconds), output).GetAwaiter().GetResult();
        });

        Option<string> site = new("--site") { Description = "the controller's site ID", Required = true };
        Option<string> device = new("--device") { Description = "the controller's device ID", Required = true };
        Option<string> deviceData = new("--data") { Description = "the aggregator's data directory", DefaultValueFactory = _ => "nfbond-data" };
        Command add = new("add", "Provision a controller and print its MQTT credentials and command secret (shown once).") { site, device, deviceData };
        add.SetAction(result =>
        {
            string dir = result.GetValue(deviceData)!;
            Directory.CreateDirectory(dir);
            using NfBond.Aggregator.Storage.SqliteFleetStore store = new(Path.Combine(dir, "fleet.db"));
            (string password, string secret) = new NfBond.Aggregator.Devices.DeviceRegistry(store).Add(result.GetValue(site)!, result.GetValue(device)!);
            TextWriter o = result.InvocationConfiguration.Output;
            o.WriteLine($"device {result.GetValue(device)} of site {result.GetValue(site)} provisioned; give the controller:");
            o.WriteLine($"  --site {result.GetValue(site)} --device {result.GetValue(device)} --username {result.GetValue(device)} --password {password} --secret {secret}");
            return 0;
        });
        run.Add(new Command("device", "Controllers known to the aggregator.") { add });
        return run;
    }

    private static async Task<int> RunAsync(AggregatorOptions options, double seconds, TextWriter output)
    {
        await using AggregatorHost host = new(options);
        await host.StartAsync();
        output.WriteLine($"aggregator: MQTT on {options.ListenAddress}:{options.MqttPort}, API on http://{options.ListenAddress}:{options.HttpPort}/api (token in {Path.Combine(options.DataDirectory, "api-token")}), metrics on /metrics, data in {options.DataDirectory}");
        using CancellationTokenSource stop = seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        using System.Runtime.InteropServices.PosixSignalRegistration term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using System.Runtime.InteropServices.PosixSignalRegistration interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        output.WriteLine($"aggregator: stopping; {host.Ingest.Stored} messages stored this run");
        return 0;
    }
}
