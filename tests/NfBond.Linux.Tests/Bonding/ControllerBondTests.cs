using System.Diagnostics;
using NfBond.Lab;
using Xunit.Abstractions;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>
/// <c>nfbond controller --bond-server</c> on the lab's site router: one brain for failover and bonding. The LAN goes
/// through the tunnel; a cut link is seen by the tunnel, confirmed by one probe round, and closed to the tunnel both
/// ways by the steering plan; mended, it opens again.
/// </summary>
[Collection("lab")]
public class ControllerBondTests(ITestOutputHelper output)
{
    private const string Site = """
        {"format":"nfbond-site/1","site":"workshop","lan":"bl0","profile":"gentle","dampening":{"enabled":false},"links":[
          {"name":"fiber","type":"fiber","provider":"A","interface":"bp1","gateway":"10.77.1.1","downKbps":20000,"upKbps":20000,"role":"primary",
           "targets":[{"kind":"icmp","host":"198.51.100.1"}]},
          {"name":"cable","type":"cable","provider":"B","interface":"bp2","gateway":"10.77.2.1","downKbps":10000,"upKbps":10000,"role":"primary",
           "targets":[{"kind":"icmp","host":"198.51.100.1"}]}]}
        """;

    [Fact]
    public void The_controller_bonds_its_links_and_its_plan_closes_a_cut_link_to_the_tunnel_and_opens_it_again()
    {
        using BondLab lab = new([20, 10], [10, 10], TextWriter.Null, lanHost: true);
        lab.StartServer();
        string dir = Directory.CreateTempSubdirectory("nfbond-ctlbond").FullName;
        File.WriteAllText(Path.Combine(dir, "site.json"), Site);
        BondLab.WriteKey(Path.Combine(dir, "site.key"));
        List<string> lines = [];
        using Process controller = Start(dir, lines);
        try
        {
            Eventually.Holds(() => lab.ServerEnd!.IsAlive(0) && lab.ServerEnd.IsAlive(1), 10_000, "the controller's tunnel to come alive on both links");
            Eventually.Holds(() => Has(lines, "bond: the server answers: bl0's traffic goes into bond0"), 10_000, "the LAN to go into the tunnel");
            Eventually.Holds(() => lab.ServerEnd!.IsOpen(0) && lab.ServerEnd.IsOpen(1), 10_000, "both links to be open to the tunnel");
            long before = lab.ServerEnd!.Reorder.Delivered;
            Assert.Equal(5, BondLab.PingFromLan(5));
            Assert.True(lab.ServerEnd.Reorder.Delivered >= before + 5, "the LAN's pings did not go through the tunnel");

            lab.Cut(2, true);
            Stopwatch cut = Stopwatch.StartNew();
            Eventually.Holds(() => Has(lines, "cable") && Has(lines, "a probe round failed after the bonding server was not heard on it for 200 ms while it was on fiber"), 5000,
                "the controller to take cable down on the tunnel's word and one failed round");
            long downMs = cut.ElapsedMilliseconds;
            Eventually.Holds(() => !lab.ServerEnd.IsOpen(1), 2000, "the server to stop sending on the cut link");
            Assert.True(downMs < 2 * 1000, $"cable down {downMs} ms after the cut (gentle profile without the tunnel: 1250-2250 ms)");
            Assert.Equal(5, BondLab.PingFromLan(5));

            lab.Cut(2, false);
            Eventually.Holds(() => lab.ServerEnd.IsOpen(1), 20_000, "the mended link to open to the tunnel again");
            output.WriteLine($"cable down {downMs} ms after the cut");
        }
        finally
        {
            controller.Kill();
            controller.WaitForExit(5000);
            lock (lines)
            {
                output.WriteLine(string.Join("\n", lines));
            }
        }
    }

    private static bool Has(List<string> lines, string text)
    {
        lock (lines)
        {
            return lines.Exists(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    private static Process Start(string dir, List<string> lines)
    {
        ProcessStartInfo start = new("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", BondLab.Site, "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "nfbond.dll"), "controller",
            "--config", Path.Combine(dir, "site.json"), "--bond-server", BondLab.Internet + ":7070", "--bond-session", "1", "--bond-key", Path.Combine(dir, "site.key"), "--seconds", "60" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        DataReceivedEventHandler add = (_, e) =>
        {
            if (e.Data != null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        process.OutputDataReceived += add;
        process.ErrorDataReceived += add;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
