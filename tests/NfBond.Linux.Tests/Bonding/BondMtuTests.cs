using NfBond.Hal.Linux;
using NfBond.Hal.Linux.Bonding;
using NfBond.Lab;
using Xunit.Abstractions;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>A path that silently drops large packets is found by probes, and the tunnel's MTU follows it on both ends.</summary>
[Collection("lab")]
public class BondMtuTests(ITestOutputHelper output)
{
    [Fact]
    public void A_path_black_holing_packets_over_1400_bytes_brings_the_tunnel_mtu_down_and_full_size_packets_through()
    {
        using BondLab lab = new([20, 10], [10, 10], TextWriter.Null);
        BondLab.LimitMtu(2, 1400);
        lab.Start();
        BondEndpoint site = lab.SiteEnd!;
        BondEndpoint server = lab.ServerEnd!;
        Eventually.Holds(() => site.PathMtu(1) is >= 1392 and <= 1400 && server.PathMtu(1) is >= 1392 and <= 1400, 10_000, "both ends to find path 2's MTU");
        Assert.Equal(1500, site.PathMtu(0));
        int expected = site.PathMtu(1) - 28 - TunnelCipher.Overhead;
        Assert.Equal(expected, site.TunnelMtu);
        Eventually.Holds(() => InterfaceMtu(BondLab.Site) == expected && InterfaceMtu(BondLab.Server) == site.TunnelMtu, 5000, $"both TUN interfaces to take MTU {expected}");

        // Packets as large as the tunnel's MTU, not to be fragmented, get through on both paths.
        (int exit, string error) = CommandRunner.Run("ip", ["netns", "exec", BondLab.Site, "ping", "-q", "-M", "do", "-i", "0.05", "-c", "40", "-s", (expected - 28).ToString(), "10.99.0.1"]);
        Assert.True(exit == 0, $"full-size pings through the tunnel: exit {exit}: {error}");
        double tunnel = BondLab.Iperf("10.99.0.1", 3, "cubic", 0);
        output.WriteLine($"path MTUs {site.PathMtu(0)} / {site.PathMtu(1)}, tunnel MTU {site.TunnelMtu}; one CUBIC flow {tunnel:F1} Mbit/s; given up {server.Reorder.GivenUp}; "
            + $"bytes per path {string.Join(" + ", server.Arrivals.Select(a => $"{a.ReceivedBytes / 1e6:F1} MB"))}");
        Assert.True(server.Arrivals[1].ReceivedBytes > 0.15 * server.Arrivals.Sum(a => a.ReceivedBytes), "the narrow path carried almost nothing");
    }

    private static int InterfaceMtu(string ns)
    {
        System.Diagnostics.ProcessStartInfo start = new("ip", ["-n", ns, "-o", "link", "show", "bond0"]) { RedirectStandardOutput = true };
        using System.Diagnostics.Process ip = System.Diagnostics.Process.Start(start)!;
        string line = ip.StandardOutput.ReadToEnd();
        ip.WaitForExit();
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(line, @" mtu (\d+) ");
        return m.Success ? int.Parse(m.Groups[1].Value) : -1;
    }
}
