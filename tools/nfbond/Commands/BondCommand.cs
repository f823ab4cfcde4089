using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Hal.Linux;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond bond</c>: the multipath tunnel's ends (root, Linux) and their keys.</summary>
public static class BondCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Command key = new("key", "Print a new random site key (64 hex digits) for --key files.");
        key.SetAction(result =>
        {
            result.InvocationConfiguration.Output.WriteLine(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
            return 0;
        });
        return new Command("bond", "Bond a site's links into one multipath tunnel to a server (TUN on both ends; root).") { Client(), Server(), key };
    }

    /// <summary>Parses a <c>--path</c>: <c>LOCAL=SERVER:PORT@MBIT</c>.</summary>
    /// <param name="text">The value.</param>
    /// <param name="problems">Where what is wrong goes.</param>
    /// <returns>The local address, the server as reached over the path, and its rate in bit/s; null when wrong.</returns>
    public static (IPAddress Local, IPEndPoint Server, long BitsPerSecond)? ParsePath(string text, List<string> problems)
    {
        string[] rate = text.Split('@');
        string[] ends = rate[0].Split('=');
        if (rate.Length != 2 || ends.Length != 2 || !IPAddress.TryParse(ends[0], out IPAddress? local) || local.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !IPEndPoint.TryParse(ends[1], out IPEndPoint? server) || server.Port == 0 || server.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            problems.Add($"--path \"{text}\" is not allowed; LOCAL=SERVER:PORT@MBIT with IPv4 addresses, e.g. 100.64.1.2=203.0.113.5:7070@20");
            return null;
        }

        long? bits = Rate(rate[1], $"--path \"{text}\"", problems);
        return bits == null ? null : (local, server, bits.Value);
    }

    /// <summary>Parses a <c>--site</c>: <c>SESSION:KEYFILE:TUN:ADDRESS/PREFIX:MBIT,MBIT,...</c> (the rates towards the site, one per path).</summary>
    /// <param name="text">The value.</param>
    /// <param name="problems">Where what is wrong goes.</param>
    /// <returns>The site and its TUN address; null when wrong.</returns>
    public static (BondSite Site, string Address)? ParseSite(string text, List<string> problems)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 5 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint session) || session == 0)
        {
            problems.Add($"--site \"{text}\" is not allowed; SESSION:KEYFILE:TUN:ADDRESS/PREFIX:MBIT,MBIT,... with a session from 1 to {uint.MaxValue}, e.g. 1:/etc/nfbond/bakery.key:bond1:10.99.1.1/30:50,20");
            return null;
        }

        byte[]? key = Key(parts[1], $"--site \"{text}\"", problems);
        long?[] rates = [.. parts[4].Split(',').Select(r => Rate(r, $"--site \"{text}\"", problems))];
        bool address = Prefixed(parts[3], $"--site \"{text}\"", problems);
        if (key == null || !address || rates.Any(r => r == null) || parts[2].Length is 0 or > 15)
        {
            if (parts[2].Length is 0 or > 15)
            {
                problems.Add($"--site \"{text}\": interface name \"{parts[2]}\" is not allowed; 1 to 15 characters");
            }

            return null;
        }

        return (new BondSite(session, key, parts[2], new BondOptions { PathBitsPerSecond = [.. rates.Select(r => r!.Value)] }), parts[3]);
    }

    /// <summary>A controller's tunnel: the server, the site's session and key, its TUN interface and address.</summary>
    /// <param name="Server">The server as reached over every link.</param>
    /// <param name="Session">The site's session.</param>
    /// <param name="Key">The site's key.</param>
    /// <param name="Tun">The TUN interface's name.</param>
    /// <param name="Address">The tunnel address with prefix.</param>
    public sealed record SiteBond(IPEndPoint Server, uint Session, byte[] Key, string Tun, string Address);

    /// <summary>Checks a controller's <c>--bond-*</c> options.</summary>
    /// <param name="server">ADDRESS:PORT.</param>
    /// <param name="session">The session.</param>
    /// <param name="keyFile">The key file.</param>
    /// <param name="tun">The TUN interface.</param>
    /// <param name="address">The tunnel address.</param>
    /// <param name="problems">Where what is wrong goes.</param>
    /// <returns>The tunnel, or null.</returns>
    public static SiteBond? ParseSiteBond(string server, uint session, string? keyFile, string tun, string address, List<string> problems)
    {
        if (!IPEndPoint.TryParse(server, out IPEndPoint? to) || to.Port == 0 || to.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            problems.Add($"--bond-server \"{server}\" is not allowed; IPv4 ADDRESS:PORT, e.g. 203.0.113.5:7070");
        }

        if (session == 0)
        {
            problems.Add($"--bond-session is required with --bond-server; 1 to {uint.MaxValue}");
        }

        byte[]? key = keyFile == null ? null : Key(keyFile, "--bond-key", problems);
        if (keyFile == null)
        {
            problems.Add("--bond-key is required with --bond-server (a file nfbond bond key wrote)");
        }

        if (tun.Length is 0 or > 15)
        {
            problems.Add($"--bond-tun \"{tun}\" is not allowed; 1 to 15 characters");
        }

        bool prefixed = Prefixed(address, "--bond-address", problems);
        return problems.Count == 0 && prefixed && key != null ? new SiteBond(to!, session, key, tun, address) : null;
    }

    /// <summary>Opens a controller's tunnel: a path per site link pinned to it, the LAN's traffic into it while the server answers.</summary>
    /// <param name="site">The site.</param>
    /// <param name="bond">The tunnel.</param>
    /// <param name="counterFile">Where its counters' floor is kept.</param>
    /// <param name="report">Told the LAN's routing changes.</param>
    /// <returns>The running client.</returns>
    public static BondClient OpenSiteBond(SiteDefinition site, SiteBond bond, string counterFile, Action<string> report)
    {
        ClientPaths paths = ClientPaths.Pinned([.. site.Links.Select(l => l.Interface)], [.. site.Links.Select(l => l.Mark)], [.. site.Links.Select(_ => bond.Server)]);
        BondOptions options = new() { PathBitsPerSecond = [.. site.Links.Select(l => l.UpKbps * 1000L)], CounterFile = counterFile };
        return new BondClient(bond.Session, bond.Key, bond.Tun, paths, options, device => Configure(device, bond.Address),
            site.Lan.Length > 0 ? new BondFallback { Lan = site.Lan } : null, report);
    }

    /// <summary>Reads a key file: 64 hex digits (as <c>nfbond bond key</c> prints).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">Names the option in messages.</param>
    /// <param name="problems">Where what is wrong goes.</param>
    /// <returns>The 32-byte key, or null.</returns>
    public static byte[]? Key(string path, string what, List<string> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{what}: key file {path} cannot be read: {ex.Message}");
            return null;
        }

        if (text.Length != 64 || !text.All(Uri.IsHexDigit))
        {
            problems.Add($"{what}: key file {path} holds {text.Length} characters; 64 hex digits are required (nfbond bond key prints one)");
            return null;
        }

        return Convert.FromHexString(text);
    }

    private static long? Rate(string text, string what, List<string> problems)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double mbit) || mbit < 0.01 || mbit > 100_000)
        {
            problems.Add($"{what}: rate \"{text}\" is not allowed; Mbit/s from 0.01 to 100000");
            return null;
        }

        return (long)(mbit * 1_000_000);
    }

    private static bool Prefixed(string text, string what, List<string> problems)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && IPAddress.TryParse(parts[0], out IPAddress? address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) && prefix is >= 1 and <= 31)
        {
            return true;
        }

        problems.Add($"{what}: tunnel address \"{text}\" is not allowed; an IPv4 address with a prefix from /1 to /31, e.g. 10.99.0.2/30");
        return false;
    }

    private static Command Client()
    {
        Option<uint> session = new("--session") { Description = "the site's session number (the server's --site SESSION)", Required = true };
        Option<string> keyFile = new("--key") { Description = "file with the site's key (64 hex digits; nfbond bond key)", Required = true };
        Option<string[]> paths = new("--path") { Description = "a link: LOCAL=SERVER:PORT@MBIT (its address, the server over it, its upload rate); repeatable", Required = true };
        Option<string> tun = new("--tun") { Description = "the TUN interface", DefaultValueFactory = _ => "bond0" };
        Option<string> address = new("--address") { Description = "the tunnel address with prefix", DefaultValueFactory = _ => "10.99.0.2/30" };
        Option<int[]> realTime = new("--realtime-port") { Description = "UDP destination port whose packets go on two paths (besides DSCP EF); repeatable" };
        Option<bool> equalize = new("--equalize-delay") { Description = "deliver what comes from the server no sooner than its slowest live path would (BBR flows over paths of unequal delay then fill them all; costs every packet the delay difference)" };
        Option<string?> counterFile = new("--counter-file") { Description = "file that keeps the tunnel's counters above every earlier run's, whatever the clock says (default: /var/lib/nfbond/bond-client-SESSION.counter)" };
        Option<string?> lan = new("--lan") { Description = "the LAN interface whose traffic goes into the tunnel while the server answers (masqueraded), and takes the routing table's way while it does not; default: route nothing" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds; default: at SIGTERM or Ctrl+C" };
        Command command = new("client", "The site's end: one UDP socket per link, a TUN interface, packets spread over the links.") { session, keyFile, paths, tun, address, realTime, lan, counterFile, equalize, seconds };
        command.SetAction(result =>
        {
            List<string> problems = [];
            var parsed = (result.GetValue(paths) ?? []).Select(p => ParsePath(p, problems)).ToList();
            byte[]? key = Key(result.GetValue(keyFile)!, "--key", problems);
            Prefixed(result.GetValue(address)!, "--address", problems);
            if (result.GetValue(session) == 0)
            {
                problems.Add($"--session 0 is not allowed; 1 to {uint.MaxValue}");
            }

            string? lanName = result.GetValue(lan);
            string[] interfaces = lanName == null ? [] : [.. System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name)];
            if (lanName != null && !interfaces.Contains(lanName))
            {
                problems.Add($"--lan \"{lanName}\": this router has no such interface; one of {string.Join(", ", interfaces)}");
            }

            if (problems.Count > 0 || key == null)
            {
                problems.ForEach(p => result.InvocationConfiguration.Error.WriteLine("nfbond bond client: " + p));
                return NfBondCli.BadInput;
            }

            BondOptions options = new()
            {
                PathBitsPerSecond = [.. parsed.Select(p => p!.Value.BitsPerSecond)],
                RealTimePorts = result.GetValue(realTime) ?? [],
                CounterFile = result.GetValue(counterFile) ?? $"/var/lib/nfbond/bond-client-{result.GetValue(session)}.counter",
                Reorder = new ReorderOptions { EqualizeDelay = result.GetValue(equalize) },
            };
            TextWriter output = result.InvocationConfiguration.Output;
            using BondClient client = new(result.GetValue(session), key, result.GetValue(tun)!, ClientPaths.Bound([.. parsed.Select(p => p!.Value.Local)], [.. parsed.Select(p => p!.Value.Server)]), options,
                device => Configure(device, result.GetValue(address)!), lanName == null ? null : new BondFallback { Lan = lanName }, line => output.WriteLine("nfbond bond client: " + line));
            return RunUntilStopped(client.Endpoint, "client", result.GetValue(seconds), result.InvocationConfiguration.Output);
        });
        return command;
    }

    private static Command Server()
    {
        Option<string> listen = new("--listen") { Description = "ADDRESS:PORT to listen on", DefaultValueFactory = _ => "0.0.0.0:7070" };
        Option<string[]> sites = new("--site") { Description = "a site: SESSION:KEYFILE:TUN:ADDRESS/PREFIX:MBIT,MBIT,... (rates towards the site, one per path); repeatable", Required = true };
        Option<bool> equalize = new("--equalize-delay") { Description = "deliver what comes from a site no sooner than its slowest live path would (BBR uploads over paths of unequal delay then fill them all; costs every packet the delay difference)" };
        Option<string> stateDir = new("--state-dir") { Description = "where each site's counter file (bond-server-SESSION.counter) keeps its tunnel counters above earlier runs'", DefaultValueFactory = _ => "/var/lib/nfbond" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds; default: at SIGTERM or Ctrl+C" };
        Command command = new("server", "The aggregation end: one UDP socket for every site, a TUN interface per site.") { listen, sites, stateDir, equalize, seconds };
        command.SetAction(result =>
        {
            List<string> problems = [];
            if (!IPEndPoint.TryParse(result.GetValue(listen)!, out IPEndPoint? where) || where.Port == 0)
            {
                problems.Add($"--listen \"{result.GetValue(listen)}\" is not allowed; ADDRESS:PORT, e.g. 0.0.0.0:7070");
            }

            var parsed = (result.GetValue(sites) ?? []).Select(s => ParseSite(s, problems)).ToList();
            foreach (var twice in parsed.Where(s => s != null).GroupBy(s => s!.Value.Site.Session).Where(g => g.Count() > 1))
            {
                problems.Add($"--site: session {twice.Key} is given {twice.Count()} times; each site needs its own");
            }

            if (problems.Count > 0)
            {
                problems.ForEach(p => result.InvocationConfiguration.Error.WriteLine("nfbond bond server: " + p));
                return NfBondCli.BadInput;
            }

            Dictionary<uint, string> addresses = parsed.ToDictionary(s => s!.Value.Site.Session, s => s!.Value.Address);
            foreach (var site in parsed)
            {
                site!.Value.Site.Options.CounterFile = Path.Combine(result.GetValue(stateDir)!, $"bond-server-{site.Value.Site.Session}.counter");
                site.Value.Site.Options.Reorder.EqualizeDelay = result.GetValue(equalize);
            }

            using BondServer server = new(where!, parsed.Select(s => s!.Value.Site), (site, device) => Configure(device, addresses[site.Session]),
                (site, line) => result.InvocationConfiguration.Output.WriteLine($"nfbond bond server: site {site.Session}: {line}"));
            return RunUntilStopped(server.Site(parsed[0]!.Value.Site.Session), "server", result.GetValue(seconds), result.InvocationConfiguration.Output);
        });
        return command;
    }

    private static void Configure(TunDevice device, string address)
    {
        foreach (string[] args in new[] { new[] { "addr", "add", address, "dev", device.Name }, ["link", "set", device.Name, "mtu", (1500 - 28 - TunnelCipher.Overhead).ToString(CultureInfo.InvariantCulture), "up"] })
        {
            (int exit, string error) = CommandRunner.Run("ip", args);
            if (exit != 0)
            {
                throw new InvalidOperationException($"ip {string.Join(' ', args)}: exit {exit}: {error}");
            }
        }
    }

    // Path changes as lines while it runs (the operator sees a link die and come back).
    private static int RunUntilStopped(BondEndpoint endpoint, string role, double seconds, TextWriter output)
    {
        EventLoop loop = new(new SystemClock());
        endpoint.PathChanged += (path, alive) => loop.Post(_ => output.WriteLine($"nfbond bond {role}: path {path} {(alive ? "alive" : "dead")}"), null);
        using StopSignals signals = new(loop);
        if (seconds > 0)
        {
            new LoopTimer(loop, _ => loop.Stop()).Start((long)(seconds * 1000));
        }

        loop.Run();
        output.WriteLine($"nfbond bond {role}: sent {endpoint.Sent} packets, dropped {endpoint.Dropped}, refused {endpoint.Refused} datagrams; reordering gave up on {endpoint.Reorder.GivenUp}");
        return 0;
    }
}
