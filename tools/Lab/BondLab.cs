using System.Diagnostics;
using System.Net;
using System.Text.Json;
using NfBond.Hal.Linux;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Lab;

/// <summary>
/// Two namespaces joined by one veth pair per path, each shaped with tbf at its rate in both directions: the
/// site router (<see cref="Site"/>, path k at 10.77.k.2) and the bonding server (<see cref="Server"/>, 10.77.k.1).
/// The tunnel runs between them (site 10.99.0.2, server 10.99.0.1) and iperf3 measures through it and over
/// each path alone.
/// </summary>
public sealed class BondLab : IDisposable
{
    /// <summary>The site router's namespace.</summary>
    public const string Site = "nfb-bsite";

    /// <summary>The server's namespace.</summary>
    public const string Server = "nfb-bsrv";

    /// <summary>The tunnel's MTU: a 1500-byte path less IPv4, UDP and the tunnel's header and tag.</summary>
    public const int TunnelMtu = 1500 - 28 - TunnelCipher.Overhead;

    private static readonly byte[] s_key = Convert.FromHexString("6e662d626f6e64206c6162206b65792c206e6f7420666f722070726f64756374");
    private readonly long[] _mbit;
    private BondServer? _server;
    private BondClient? _client;

    /// <summary>Builds the namespaces and paths (after removing old ones).</summary>
    /// <param name="mbit">Each path's rate, Mbit/s.</param>
    /// <param name="log">Progress output.</param>
    public BondLab(long[] mbit, TextWriter log)
    {
        LabTools.Ensure(log, [("iperf3", "iperf3")]);
        _mbit = mbit;
        Remove();
        LabTopology.Run("ip", "netns", "add", Site);
        LabTopology.Run("ip", "netns", "add", Server);
        for (int k = 1; k <= mbit.Length; k++)
        {
            LabTopology.Run("ip", "link", "add", "bp" + k, "netns", Site, "type", "veth", "peer", "name", "bs" + k, "netns", Server);
            foreach ((string ns, string dev, string address) in new[] { (Site, "bp" + k, $"10.77.{k}.2/24"), (Server, "bs" + k, $"10.77.{k}.1/24") })
            {
                LabTopology.Run("ip", "-n", ns, "addr", "add", address, "dev", dev);
                LabTopology.Run("ip", "-n", ns, "link", "set", dev, "up");
                LabTopology.Run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", mbit[k - 1] + "mbit", "burst", "32kb", "latency", "50ms");
            }
        }

        foreach (string ns in new[] { Site, Server })
        {
            LabTopology.Run("ip", "-n", ns, "link", "set", "lo", "up");
        }

        log.WriteLine($"bond lab up: {string.Join(" + ", mbit)} Mbit/s paths between {Site} and {Server}");
    }

    /// <summary>Gets the site's tunnel end, once started.</summary>
    public BondEndpoint? SiteEnd => _client?.Endpoint;

    /// <summary>Gets the server's tunnel end of the site, once started.</summary>
    public BondEndpoint? ServerEnd => _server?.Site(1);

    /// <summary>Starts the server and the site's tunnel ends and waits until every path is alive both ways.</summary>
    public void Start()
    {
        BondOptions Options() => new() { PathBitsPerSecond = [.. _mbit.Select(m => m * 1_000_000)] };
        _server = NetworkNamespace.Run(Server, () => new BondServer(new IPEndPoint(IPAddress.Any, 7070), [new BondSite(1, s_key, "bond0", Options())], (_, tun) => Configure(Server, tun, "10.99.0.1/30")));
        _client = NetworkNamespace.Run(Site, () => new BondClient(1, s_key, "bond0", [.. Enumerable.Range(1, _mbit.Length).Select(k => IPAddress.Parse($"10.77.{k}.2"))],
            [.. Enumerable.Range(1, _mbit.Length).Select(k => new IPEndPoint(IPAddress.Parse($"10.77.{k}.1"), 7070))], Options(), tun => Configure(Site, tun, "10.99.0.2/30")));
        Stopwatch waited = Stopwatch.StartNew();
        while (!Enumerable.Range(0, _mbit.Length).All(p => _client.Endpoint.IsAlive(p) && _server.Site(1).IsAlive(p)))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"bond lab: not every path came alive within 10 s (site: {string.Join(", ", Enumerable.Range(0, _mbit.Length).Select(p => _client.Endpoint.IsAlive(p)))})");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Runs one iperf3 TCP flow from the site to an address in the server's namespace.</summary>
    /// <param name="address">10.99.0.1 through the tunnel, 10.77.k.1 over path k alone.</param>
    /// <param name="seconds">How long.</param>
    /// <param name="congestion">The congestion control (bbr, cubic).</param>
    /// <param name="intervalMs">iperf3's report interval for <see cref="Iperf(string, int, string, int, out double)"/>'s stall, or 0.</param>
    /// <returns>The receiver's rate, Mbit/s.</returns>
    public static double Iperf(string address, int seconds, string congestion, int intervalMs) => Iperf(address, seconds, congestion, intervalMs, out _);

    /// <summary>Runs one iperf3 TCP flow; fails when iperf3 does (a reset connection among others).</summary>
    /// <param name="address">10.99.0.1 through the tunnel, 10.77.k.1 over path k alone.</param>
    /// <param name="seconds">How long.</param>
    /// <param name="congestion">The congestion control (bbr, cubic).</param>
    /// <param name="intervalMs">iperf3's report interval, or 0 for its default.</param>
    /// <param name="stallMs">The longest run of intervals in which the receiver got less than a tenth of the mean rate.</param>
    /// <returns>The receiver's rate, Mbit/s.</returns>
    public static double Iperf(string address, int seconds, string congestion, int intervalMs, out double stallMs)
    {
        using Process server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", Server, "iperf3", "-s", "-1", "-B", address, "-p", "5201"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Thread.Sleep(300);
        string[] interval = intervalMs > 0 ? ["-i", (intervalMs / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        (int exit, string output) = RunOutput("ip", ["netns", "exec", Site, "iperf3", "-c", address, "-p", "5201", "-t", seconds.ToString(), "-C", congestion, "-J", .. interval]);
        server.WaitForExit(5000);
        if (exit != 0)
        {
            throw new InvalidOperationException($"iperf3 to {address}: exit {exit}: {output[..Math.Min(output.Length, 400)]}");
        }

        using JsonDocument result = JsonDocument.Parse(output);
        double mbit = result.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
        double[] rates = [.. result.RootElement.GetProperty("intervals").EnumerateArray().Select(i => i.GetProperty("sum").GetProperty("bits_per_second").GetDouble() / 1e6)];
        int run = 0;
        int longest = 0;
        foreach (double rate in rates)
        {
            run = rate < mbit / 10 ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        stallMs = longest * (intervalMs > 0 ? intervalMs : 1000);
        return mbit;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
        Remove();
    }

    private static (int Exit, string Output) RunOutput(string program, string[] args)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static void Configure(string ns, TunDevice tun, string address)
    {
        LabTopology.Run("ip", "-n", ns, "addr", "add", address, "dev", tun.Name);
        LabTopology.Run("ip", "-n", ns, "link", "set", tun.Name, "mtu", TunnelMtu.ToString(), "up");
    }

    private static void Remove()
    {
        foreach (string ns in new[] { Site, Server })
        {
            CommandRunner.Run("ip", ["netns", "del", ns]);
        }
    }
}
