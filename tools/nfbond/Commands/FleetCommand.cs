using System.CommandLine;
using System.Diagnostics;
using NfBond.Aggregator;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Storage;
using NfBond.Cli.Fleet;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond fleet simulate</c>: many simulated controllers reporting to a broker, with progress.</summary>
public static class FleetCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<string> broker = new("--broker") { Description = "mqtt://host:port", DefaultValueFactory = _ => "mqtt://127.0.0.1:1883" };
        Option<int> devices = new("--devices") { Description = "how many controllers", DefaultValueFactory = _ => 100 };
        Option<double> interval = new("--interval") { Description = "seconds between a controller's messages; 0 = as fast as acknowledgements allow", DefaultValueFactory = _ => 1 };
        Option<int> inFlight = new("--in-flight") { Description = "publishes in flight per controller with --interval 0", DefaultValueFactory = _ => 4 };
        Option<string> site = new("--site") { Description = "site ID of the simulated controllers, or with --per-site the prefix of the site IDs", DefaultValueFactory = _ => "fleet" };
        Option<int> perSite = new("--per-site") { Description = "controllers per site (sites SITE-0001, SITE-0002, ...); 0 = one site of them all", DefaultValueFactory = _ => 0 };
        Option<string?> data = new("--data") { Description = "the aggregator's data directory: provision the controllers there and log in with their credentials (default: anonymous)" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C)" };
        Command simulate = new("simulate", "Simulate many controllers reporting over MQTT; prints progress every few seconds.") { broker, devices, interval, inFlight, site, perSite, data, seconds };
        simulate.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            if (!Uri.TryCreate(result.GetValue(broker), UriKind.Absolute, out Uri? uri) || uri.Scheme != "mqtt")
            {
                result.InvocationConfiguration.Error.WriteLine($"nfbond fleet simulate: --broker \"{result.GetValue(broker)}\" is not allowed; mqtt://host:port");
                return NfBondCli.BadInput;
            }

            int count = result.GetValue(devices);
            if (count < 1 || count > 100_000)
            {
                result.InvocationConfiguration.Error.WriteLine($"nfbond fleet simulate: --devices {count} is not allowed; 1 to 100000");
                return NfBondCli.BadInput;
            }

            Dictionary<string, string> passwords = [];
            string? dir = result.GetValue(data);
            if (dir != null)
            {
                output.WriteLine($"provisioning {count} controllers in {dir} ...");
                using IFleetStore store = FleetStores.Open(AggregatorSettings.Load(new Dictionary<string, string?> { [nameof(AggregatorOptions.DataDirectory)] = dir }));
                DeviceRegistry registry = new(store);
                for (int i = 1; i <= count; i++)
                {
                    string id = $"sim-{i:D5}";
                    passwords[id] = registry.Add(FleetSimulator.SiteOf(result.GetValue(site)!, result.GetValue(perSite), i), id).Password;
                }
            }

            return RunAsync(uri, result.GetValue(site)!, count, result.GetValue(perSite), (int)(result.GetValue(interval) * 1000), result.GetValue(inFlight), dir == null ? _ => null : id => passwords[id], result.GetValue(seconds), output).GetAwaiter().GetResult();
        });
        return new Command("fleet", "Fleet-scale tools.") { simulate };
    }

    private static async Task<int> RunAsync(Uri broker, string site, int devices, int perSite, int intervalMs, int inFlight, Func<string, string?> password, double seconds, TextWriter output)
    {
        await using FleetSimulator fleet = new();
        Stopwatch clock = Stopwatch.StartNew();
        await fleet.StartAsync(broker.Host, broker.Port, site, devices, perSite, intervalMs, inFlight, password);
        output.WriteLine($"{fleet.Connected} of {devices} controllers connected in {clock.Elapsed.TotalSeconds:F1} s");
        using CancellationTokenSource stop = seconds > 0 ? new(TimeSpan.FromSeconds(seconds)) : new();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        long last = fleet.Acknowledged;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(2000, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            long now = fleet.Acknowledged;
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,7:F1}s] connected {fleet.Connected}/{devices}, acknowledged {now} ({(now - last) / 2.0:F0}/s), failed {fleet.Failed}");
            last = now;
        }

        return 0;
    }
}
