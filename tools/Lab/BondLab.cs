using System.Diagnostics;
using System.Net;
using System.Text.Json;
using NfBond.Hal.Linux;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Lab;

/// <summary>
/// The site router (<see cref="Site"/>, path k at 10.77.k.2) and the bonding server (<see cref="Server"/>,
/// 10.77.k.1), each path shaped with tbf at its rate in both directions and carried through a
/// <see cref="DelayWire"/> in a middle namespace that gives it its RTT and can cut it. The tunnel runs between
/// them (site 10.99.0.2, server 10.99.0.1); iperf3 measures through it, over each path alone, and with kernel
/// MPTCP over all paths (<c>mptcpize</c>, a subflow per path).
/// </summary>
public sealed class BondLab : IDisposable
{
    /// <summary>The site router's namespace.</summary>
    public const string Site = "nfb-bsite";

    /// <summary>The server's namespace.</summary>
    public const string Server = "nfb-bsrv";

    /// <summary>The namespace of the paths' delay wires.</summary>
    public const string Middle = "nfb-bmid";

    /// <summary>A host on the site's LAN (192.168.77.2 behind the site's bl0, 192.168.77.1), when asked for.</summary>
    public const string LanHost = "nfb-blan";

    /// <summary>An address on the server's side reachable both through the tunnel and over path 1 alone (the site's plain default route).</summary>
    public const string Internet = "198.51.100.1";

    /// <summary>The tunnel's MTU: a 1500-byte path less IPv4, UDP and the tunnel's header and tag.</summary>
    public const int TunnelMtu = 1500 - 28 - TunnelCipher.Overhead;

    private static readonly byte[] s_key = Convert.FromHexString("6e662d626f6e64206c6162206b65792c206e6f7420666f722070726f64756374");
    private readonly long[] _mbit;
    private readonly long[] _configuredMbit;
    private readonly Action<BondOptions>? _tune;
    private readonly DelayWire[] _wires;
    private BondServer? _server;
    private BondClient? _client;

    /// <summary>Builds the namespaces and paths (after removing old ones).</summary>
    /// <param name="mbit">Each path's rate, Mbit/s.</param>
    /// <param name="rttMs">Each path's RTT added by its delay wire, ms.</param>
    /// <param name="log">Progress output.</param>
    /// <param name="lanHost">Whether to add a LAN host behind the site, with plain routing to <see cref="Internet"/> over path 1.</param>
    /// <param name="configuredMbit">The rates the tunnel's ends are told, Mbit/s, when not the paths' own (a capacity set wrong).</param>
    /// <param name="tune">Changes both ends' options (delay equalization, say).</param>
    public BondLab(long[] mbit, double[] rttMs, TextWriter log, bool lanHost = false, long[]? configuredMbit = null, Action<BondOptions>? tune = null)
    {
        if (rttMs.Length != mbit.Length)
        {
            throw new ArgumentException($"{mbit.Length} paths need {mbit.Length} RTTs; {rttMs.Length} given", nameof(rttMs));
        }

        LabTools.Ensure(log, [("iperf3", "iperf3"), ("ethtool", "ethtool"), ("mptcpize", "mptcpize"), ("ping", "iputils-ping")]);
        _mbit = mbit;
        _configuredMbit = configuredMbit ?? mbit;
        _tune = tune;
        Remove();
        foreach (string ns in new[] { Site, Server, Middle })
        {
            LabTopology.Run("ip", "netns", "add", ns);
            LabTopology.Run("ip", "-n", ns, "link", "set", "lo", "up");
        }

        // The middle is a wire, not a host: it must not send anything of its own (IPv6 router solicitations).
        LabTopology.Run("ip", "netns", "exec", Middle, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        for (int k = 1; k <= mbit.Length; k++)
        {
            LabTopology.Run("ip", "link", "add", "bp" + k, "netns", Site, "type", "veth", "peer", "name", "ma" + k, "netns", Middle);
            LabTopology.Run("ip", "link", "add", "bs" + k, "netns", Server, "type", "veth", "peer", "name", "mb" + k, "netns", Middle);
            foreach ((string ns, string dev, string? address) in new[] { (Site, "bp" + k, $"10.77.{k}.2/24"), (Server, "bs" + k, $"10.77.{k}.1/24"), (Middle, "ma" + k, null), (Middle, "mb" + k, null) })
            {
                // Frames of at most the MTU with their checksums filled in: the wire forwards exactly what it reads,
                // and tbf counts real frames.
                LabTopology.Run("ip", "netns", "exec", ns, "ethtool", "-K", dev, "tx", "off", "tso", "off", "gso", "off", "gro", "off");
                if (address != null)
                {
                    LabTopology.Run("ip", "-n", ns, "addr", "add", address, "dev", dev);
                    LabTopology.Run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", mbit[k - 1] + "mbit", "burst", "32kb", "latency", "50ms");
                }
                else
                {
                    LabTopology.Run("ip", "-n", ns, "link", "set", dev, "promisc", "on");
                }

                LabTopology.Run("ip", "-n", ns, "link", "set", dev, "up");
            }
        }

        if (lanHost)
        {
            AddLanHost();
        }

        _wires = NetworkNamespace.Run(Middle, () => Enumerable.Range(1, mbit.Length).Select(k => new DelayWire("ma" + k, "mb" + k, rttMs[k - 1] / 2)).ToArray());
        ConfigureMptcp(mbit.Length);
        log.WriteLine($"bond lab up: {string.Join(" + ", mbit)} Mbit/s paths, RTT {string.Join(" / ", rttMs)} ms, between {Site} and {Server}");
    }

    /// <summary>Writes the lab site's key as <c>nfbond bond key</c> does, for a controller that opens the site's end itself.</summary>
    /// <param name="path">The key file.</param>
    public static void WriteKey(string path) => File.WriteAllText(path, Convert.ToHexStringLower(s_key) + "\n");

    /// <summary>Gets the site's tunnel end, once started.</summary>
    public BondEndpoint? SiteEnd => _client?.Endpoint;

    /// <summary>Gets the server's tunnel end of the site, once started.</summary>
    public BondEndpoint? ServerEnd => _server?.Site(1);

    /// <summary>Cuts a path in the middle, or mends it: neither end is told, as with a fiber cut upstream.</summary>
    /// <param name="path">The path, 1-based as in its addresses.</param>
    /// <param name="cut">Whether it is cut.</param>
    public void Cut(int path, bool cut) => _wires[path - 1].Cut = cut;

    /// <summary>
    /// Makes a path carry IP packets of at most <paramref name="mtu"/> bytes, silently: its middle drops larger frames
    /// without a word (no ICMP), as a PPPoE line or an LTE bearer behind a 1500-byte interface does.
    /// </summary>
    /// <param name="path">The path, 1-based.</param>
    /// <param name="mtu">The largest IP packet it carries.</param>
    public static void LimitMtu(int path, int mtu)
    {
        foreach (string dev in new[] { "ma" + path, "mb" + path })
        {
            LabTopology.Run("ip", "-n", Middle, "link", "set", dev, "mtu", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Runs a flow and cuts a path a while into it, from a thread of its own: a thread-pool timer could fire
    /// after a flow that blocks pool threads had ended, and the cut would miss it.
    /// </summary>
    /// <param name="path">The path, 1-based.</param>
    /// <param name="afterMs">When into the flow.</param>
    /// <param name="mend">Whether to mend it after the flow (for the next one).</param>
    /// <param name="flow">The flow; its result is returned.</param>
    /// <param name="cutInTime">Whether the cut came before the flow ended (else what it measured is no cut).</param>
    /// <returns>The flow's result.</returns>
    public double CutDuring(int path, int afterMs, bool mend, Func<double> flow, out bool cutInTime)
    {
        using ManualResetEventSlim done = new();
        bool cutBeforeDone = false;
        Thread cutter = new(() =>
        {
            if (!done.Wait(afterMs))
            {
                Cut(path, true);
                cutBeforeDone = true;
            }
        }) { IsBackground = true, Name = "lab cut" };
        cutter.Start();
        try
        {
            return flow();
        }
        finally
        {
            done.Set();
            cutter.Join();
            cutInTime = cutBeforeDone;
            if (mend && cutBeforeDone)
            {
                Cut(path, false);
                Thread.Sleep(1000);
            }
        }
    }

    /// <summary>Gets the site's tunnel client, once started.</summary>
    public BondClient? Client => _client;

    /// <summary>Starts the server and the site's tunnel ends and waits until every path is alive both ways.</summary>
    /// <param name="fallback">The LAN routing the client follows the server with, or null.</param>
    /// <param name="report">Told its changes.</param>
    public void Start(BondFallback? fallback = null, Action<string>? report = null)
    {
        StartServer();
        _client = NetworkNamespace.Run(Site, () => new BondClient(1, s_key, "bond0", ClientPaths.Bound([.. Enumerable.Range(1, _mbit.Length).Select(k => IPAddress.Parse($"10.77.{k}.2"))],
            [.. Enumerable.Range(1, _mbit.Length).Select(k => new IPEndPoint(IPAddress.Parse($"10.77.{k}.1"), 7070))]), Options(), tun => Configure(Site, tun, "10.99.0.2/30"), fallback, report));
        Stopwatch waited = Stopwatch.StartNew();
        while (!Enumerable.Range(0, _mbit.Length).All(p => _client.Endpoint.IsAlive(p) && _server!.Site(1).IsAlive(p)))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"bond lab: not every path came alive within 10 s (site: {string.Join(", ", Enumerable.Range(0, _mbit.Length).Select(p => _client.Endpoint.IsAlive(p)))})");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Starts the server's end (again, after <see cref="StopServer"/>).</summary>
    public void StartServer() =>
        _server = NetworkNamespace.Run(Server, () => new BondServer(new IPEndPoint(IPAddress.Any, 7070), [new BondSite(1, s_key, "bond0", Options())], (_, tun) => Configure(Server, tun, "10.99.0.1/30")));

    /// <summary>Stops the server's end, as a crashed or unreachable aggregation server.</summary>
    public void StopServer()
    {
        _server?.Dispose();
        _server = null;
    }

    /// <summary>Pings <see cref="Internet"/> from the LAN host.</summary>
    /// <param name="count">How many echoes, 100 ms apart.</param>
    /// <returns>How many were answered.</returns>
    public static int PingFromLan(int count)
    {
        (int _, string output) = RunOutput("ip", ["netns", "exec", LanHost, "ping", "-n", "-q", "-i", "0.1", "-W", "1", "-c", count.ToString(), Internet]);
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(output, @"(\d+) received");
        return m.Success ? int.Parse(m.Groups[1].Value) : 0;
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
    public static double Iperf(string address, int seconds, string congestion, int intervalMs, out double stallMs) => Iperf(address, seconds, congestion, intervalMs, false, out stallMs);

    /// <summary>Runs one iperf3 TCP flow, as plain TCP or as MPTCP (both iperf3 ends under <c>mptcpize</c>).</summary>
    /// <param name="address">The server's address: 10.99.0.1 through the tunnel, 10.77.k.1 over path k.</param>
    /// <param name="seconds">How long.</param>
    /// <param name="congestion">The congestion control (bbr, cubic).</param>
    /// <param name="intervalMs">iperf3's report interval, or 0 for its default.</param>
    /// <param name="mptcp">Whether the flow is MPTCP, with a subflow per path.</param>
    /// <param name="stallMs">The longest run of intervals in which the receiver got less than a tenth of the mean rate.</param>
    /// <returns>The receiver's rate, Mbit/s.</returns>
    public static double Iperf(string address, int seconds, string congestion, int intervalMs, bool mptcp, out double stallMs)
    {
        string[] interval = intervalMs > 0 ? ["-i", (intervalMs / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        // The receiver's intervals: the sender's show when iperf3 wrote into its socket, in bursts as the send buffer frees.
        using JsonDocument result = RunIperf(address, 5201, mptcp, ["-C", congestion, "-t", seconds.ToString(), .. interval, .. intervalMs > 0 ? ["--get-server-output"] : Array.Empty<string>()], [.. interval, .. intervalMs > 0 ? ["-J"] : Array.Empty<string>()]);
        double mbit = result.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
        JsonElement received = intervalMs > 0 ? result.RootElement.GetProperty("server_output_json") : result.RootElement;
        double[] rates = [.. received.GetProperty("intervals").EnumerateArray().Select(i => i.GetProperty("sum").GetProperty("bits_per_second").GetDouble() / 1e6)];
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

    /// <summary>Runs a real-time stream through the tunnel: 50 packets a second of 160 bytes, marked DSCP EF, so duplicated.</summary>
    /// <param name="address">The server's tunnel address.</param>
    /// <param name="seconds">How long.</param>
    /// <param name="sent">How many packets were sent.</param>
    /// <param name="lost">How many of them the server did not get.</param>
    /// <returns>The receiver's rate, Mbit/s.</returns>
    public static double RealTime(string address, int seconds, out int sent, out int lost)
    {
        using JsonDocument result = RunIperf(address, 5202, false, ["-u", "-b", "64k", "-l", "160", "-S", "184", "-t", seconds.ToString()]);
        JsonElement sum = result.RootElement.GetProperty("end").GetProperty("sum");
        sent = sum.GetProperty("packets").GetInt32();
        lost = sum.GetProperty("lost_packets").GetInt32();
        return sum.GetProperty("bits_per_second").GetDouble() / 1e6;
    }

    // One iperf3 run: a one-shot server in the server's namespace, the client in the site's; fails when iperf3 does
    // (a reset connection among others).
    private static JsonDocument RunIperf(string address, int port, bool mptcp, string[] client, string[]? serverArgs = null)
    {
        string[] wrap = mptcp ? ["mptcpize", "run"] : [];
        using Process server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", Server, .. wrap, "iperf3", "-s", "-1", "-B", address, "-p", port.ToString(), .. serverArgs ?? []]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Thread.Sleep(300);
        (int exit, string output) = RunOutput("ip", ["netns", "exec", Site, .. wrap, "iperf3", "-c", address, "-p", port.ToString(), "-J", .. client]);
        server.WaitForExit(5000);
        string what = $"iperf3 {string.Join(' ', client)} to {address}{(mptcp ? " (MPTCP)" : "")}";
        if (exit != 0)
        {
            throw new InvalidOperationException($"{what}: exit {exit}: {output[..Math.Min(output.Length, 400)]}");
        }

        JsonDocument result = JsonDocument.Parse(output);
        if (result.RootElement.TryGetProperty("error", out JsonElement error))
        {
            result.Dispose();
            throw new InvalidOperationException($"{what}: {error.GetString()}");
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
        foreach (DelayWire wire in _wires)
        {
            wire.Dispose();
        }

        Remove();
    }

    // MPTCP as its users set it up: a subflow endpoint per extra WAN link, each link's source address routed out of
    // that link (the subflows all go to the server's first address).
    private static void ConfigureMptcp(int paths)
    {
        foreach (string ns in new[] { Site, Server })
        {
            LabTopology.Run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.mptcp.enabled=1");
            LabTopology.Run("ip", "-n", ns, "mptcp", "limits", "set", "subflow", "8", "add_addr_accepted", "8");
        }

        for (int k = 1; k <= paths; k++)
        {
            LabTopology.Run("ip", "-n", Site, "rule", "add", "from", $"10.77.{k}.2", "table", (100 + k).ToString());
            LabTopology.Run("ip", "-n", Site, "route", "add", "default", "dev", "bp" + k, "table", (100 + k).ToString());
            if (k > 1)
            {
                LabTopology.Run("ip", "-n", Site, "mptcp", "endpoint", "add", $"10.77.{k}.2", "dev", "bp" + k, "subflow");
            }
        }
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

    private BondOptions Options()
    {
        BondOptions options = new() { PathBitsPerSecond = [.. _configuredMbit.Select(m => m * 1_000_000)] };
        _tune?.Invoke(options);
        return options;
    }

    // The site as a router: its LAN, its plain default route over path 1 with the WAN's masquerading, and an
    // address beyond the server that both ways reach.
    private static void AddLanHost()
    {
        LabTopology.Run("ip", "netns", "add", LanHost);
        LabTopology.Run("ip", "-n", LanHost, "link", "set", "lo", "up");
        LabTopology.Run("ip", "link", "add", "bl0", "netns", Site, "type", "veth", "peer", "name", "lan0", "netns", LanHost);
        LabTopology.Run("ip", "-n", Site, "addr", "add", "192.168.77.1/24", "dev", "bl0");
        LabTopology.Run("ip", "-n", Site, "link", "set", "bl0", "up");
        LabTopology.Run("ip", "-n", LanHost, "addr", "add", "192.168.77.2/24", "dev", "lan0");
        LabTopology.Run("ip", "-n", LanHost, "link", "set", "lan0", "up");
        LabTopology.Run("ip", "-n", LanHost, "route", "add", "default", "via", "192.168.77.1");
        LabTopology.Run("ip", "netns", "exec", Site, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        LabTopology.Run("ip", "-n", Site, "route", "add", "default", "via", "10.77.1.1");
        LabTopology.Run("ip", ["netns", "exec", Site, "nft", "-f", "-"], "table ip labwan {\n  chain out {\n    type nat hook postrouting priority srcnat; policy accept;\n    oifname \"bp*\" masquerade\n  }\n}\n");
        LabTopology.Run("ip", "-n", Server, "addr", "add", Internet + "/32", "dev", "lo");
    }

    private static void Remove()
    {
        foreach (string ns in new[] { Site, Server, Middle, LanHost })
        {
            CommandRunner.Run("ip", ["netns", "del", ns]);
        }
    }
}
