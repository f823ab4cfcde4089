using System.CommandLine;
using NfBond.Lab;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond lab up|failover|drill|down</c>: the network lab in namespaces (Linux, root).</summary>
public static class LabCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<int> links = new("--links") { Description = "provider paths, 2 to 8", DefaultValueFactory = _ => 2 };
        Option<int> rate = new("--rate-mbit") { Description = "tbf shaping rate of each provider path", DefaultValueFactory = _ => 100 };
        Command up = new("up", "Build the lab: LAN host, router, N shaped provider paths, an internet host with probe targets.") { links, rate };
        up.SetAction(result => Guard(result.InvocationConfiguration.Error, () =>
        {
            int n = result.GetValue(links);
            if (n < 2 || n > LabTopology.MaxLinks)
            {
                throw new ArgumentException($"--links {n} is not allowed; from 2 to {LabTopology.MaxLinks} provider paths");
            }

            LabTopology.Up(n, result.GetValue(rate), result.InvocationConfiguration.Output);
        }));

        Option<string> profile = new("--profile") { Description = "detection profile: fast or gentle", DefaultValueFactory = _ => "fast" };
        Option<int> cuts = new("--cuts") { Description = "how many times to cut the primary", DefaultValueFactory = _ => 4 };
        Option<string?> method = new("--method") { Description = "drop (nftables) or link-down; default: alternate" };
        Command failover = new("failover", "Run the controller on the lab router and cut the primary K times; prints each cut and a p50/p95 summary last.") { profile, cuts, method };
        failover.SetAction(result => Guard(result.InvocationConfiguration.Error, () =>
        {
            string p = result.GetValue(profile)!;
            if (p != "fast" && p != "gentle")
            {
                throw new ArgumentException($"--profile \"{p}\" is not allowed; fast or gentle");
            }

            int k = result.GetValue(cuts);
            if (k < 1 || k > 1000)
            {
                throw new ArgumentException($"--cuts {k} is not allowed; from 1 to 1000");
            }

            string? m = result.GetValue(method);
            CutMethod? chosen = m switch
            {
                null => null,
                "drop" => CutMethod.Drop,
                "link-down" => CutMethod.LinkDown,
                _ => throw new ArgumentException($"--method \"{m}\" is not allowed; drop or link-down"),
            };
            if (LabTopology.LinkCount() < 2)
            {
                LabTopology.Up(2, 100, result.InvocationConfiguration.Output);
            }

            new FailoverRun(new FailoverOptions { Profile = p, Cuts = k, Method = chosen, ControllerCommand = SelfCommand() }, result.InvocationConfiguration.Output).Run();
        }));

        Option<int> drillSeconds = new("--seconds") { Description = "how long the drill takes wan1 out", DefaultValueFactory = _ => 10 };
        Command drill = new("drill", "Run the aggregator here and the controller on the lab router; a drill scheduled with cron takes wan1 out while the LAN host streams traffic; prints the controller's result beside what the traffic did.") { drillSeconds };
        drill.SetAction(result => Guard(result.InvocationConfiguration.Error, () =>
        {
            int s = result.GetValue(drillSeconds);
            if (s < 2 || s > 600)
            {
                throw new ArgumentException($"--seconds {s} is not allowed; from 2 to 600");
            }

            if (LabTopology.LinkCount() < 2)
            {
                LabTopology.Up(2, 100, result.InvocationConfiguration.Output);
            }

            new DrillLabRun(SelfCommand(), s, result.InvocationConfiguration.Output).Run();
        }));

        Command down = new("down", "Remove every lab namespace.");
        down.SetAction(result => Guard(result.InvocationConfiguration.Error, () => LabTopology.Down(result.InvocationConfiguration.Output)));
        return new Command("lab", "Network lab in Linux namespaces (root): build it, measure failover, remove it.") { up, failover, drill, down };
    }

    /// <summary>Gets how to start this nfbond again (for the controller inside the router namespace).</summary>
    /// <returns>The command line.</returns>
    public static string[] SelfCommand() => ["dotnet", "exec", typeof(NfBondCli).Assembly.Location];

    private static int Guard(TextWriter error, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine("nfbond lab: " + ex.Message);
            return NfBondCli.BadInput;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine("nfbond lab: " + ex.Message);
            return 1;
        }
    }
}
