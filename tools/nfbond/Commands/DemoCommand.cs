using System.CommandLine;
using NfBond.Aggregator;
using NfBond.Cli.Demo;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Runtime;

namespace NfBond.Cli.Commands;

/// <summary>
/// <c>nfbond demo</c>: the aggregator with its cockpit and three simulated shops reporting to it, on a fresh
/// machine without root or internet. Prints one <c>dashboard:</c> line with a one-time login link.
/// </summary>
public static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<int> mqttPort = new("--mqtt-port") { Description = "embedded broker port", DefaultValueFactory = _ => 1883 };
        Option<int> httpPort = new("--http-port") { Description = "dashboard and API port", DefaultValueFactory = _ => 8080 };
        Option<string> data = new("--data") { Description = "aggregator data directory", DefaultValueFactory = _ => "nfbond-data" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C)" };
        Option<int> cycle = new("--cycle") { Description = "seconds after which the incidents repeat (at least 180)", DefaultValueFactory = _ => 180 };
        Command command = new("demo", "Start the aggregator with its dashboard and three simulated sites: a restaurant (fiber + LTE), a medical practice (DSL + 5G + LTE, two controllers in VRRP) "
            + "and a workshop (cable + Starlink + LTE), with incidents every few minutes: fiber cut, modem hang, LTE near its data cap, the practice's master controller dying.")
        {
            mqttPort, httpPort, data, seconds, cycle,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(cycle) < 180)
            {
                result.InvocationConfiguration.Error.WriteLine($"nfbond demo: --cycle {result.GetValue(cycle)} is too short; at least 180 s (the script's incidents take that long)");
                return NfBondCli.BadInput;
            }

            AggregatorOptions options = new() { MqttPort = result.GetValue(mqttPort), HttpPort = result.GetValue(httpPort), DataDirectory = result.GetValue(data)! };
            return RunAsync(options, result.GetValue(seconds), result.GetValue(cycle), result.InvocationConfiguration.Output).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(AggregatorOptions options, double seconds, int cycle, TextWriter output)
    {
        // The handlers come first: a Ctrl+C while the aggregator starts must stop the demo, not only its web host.
        EventLoop loop = new(new SystemClock());
        using StopSignals signals = new(loop);
        await using AggregatorHost aggregator = new(options);
        await aggregator.StartAsync();
        await using DemoAlertInbox inbox = await DemoAlertInbox.StartAsync(output);
        DemoFleet fleet = new(loop, aggregator, inbox.Url);
        string link = aggregator.Accounts.CreateLoginLink("admin", TimeSpan.FromHours(24));
        output.WriteLine($"nf-bond demo: {DemoFleet.Restaurant} (fiber + LTE), {DemoFleet.Practice} (DSL + 5G + LTE, VRRP pair), {DemoFleet.Workshop} (cable + Starlink + LTE); incidents every {cycle} s, the first after 20 s");
        output.WriteLine($"dashboard: {aggregator.BaseUrl}/login/link/{link}");
        output.WriteLine($"  (that link logs in once as admin; later: user admin, password in {Path.Combine(options.DataDirectory, NfBond.Aggregator.Accounts.CockpitAccounts.FirstPasswordFile)}; "
            + $"API token in {Path.Combine(options.DataDirectory, "api-token")}; MQTT on {options.ListenAddress}:{options.MqttPort})");
        output.WriteLine($"  (alerts are pushed to {inbox.Url}/TENANT and printed here)");
        output.WriteLine(seconds > 0 ? $"running for {seconds} s" : "Ctrl+C stops");
        fleet.Start();
        fleet.StartIncidents(cycle);
        if (seconds > 0)
        {
            new LoopTimer(loop, _ => loop.Stop()).Start((long)(seconds * 1000));
        }

        await Task.Run(loop.Run);
        fleet.Stop();
        output.WriteLine($"stopped; the aggregator stored {aggregator.Ingest.Stored} messages");
        return 0;
    }
}
