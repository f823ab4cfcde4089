using NfBond.Hal.Linux;

namespace NfBond.Lab;

/// <summary>
/// The lab network, built from network namespaces: a LAN host, the router running the controller, one
/// namespace per provider path (shaped with tbf), and an "internet" host with the probe targets and a
/// traffic sink. Addresses:
/// LAN 192.168.50.0/24 (router .1, host .10); router wanK 100.64.K.2/30 via provider 100.64.K.1;
/// provider K to internet 172.31.K.0/30; targets 198.51.100.1-3 and sink 203.0.113.10 on the internet
/// host. The router masquerades on every WAN, like a shop router behind its providers' modems.
/// </summary>
public static class LabTopology
{
    /// <summary>Namespace of the LAN host.</summary>
    public const string Lan = "nfb-lan";

    /// <summary>Namespace of the router (the controller runs here).</summary>
    public const string Router = "nfb-router";

    /// <summary>Namespace of the internet host.</summary>
    public const string Internet = "nfb-inet";

    /// <summary>The router's LAN interface.</summary>
    public const string LanInterface = "lan0";

    /// <summary>The traffic sink's address on the internet host.</summary>
    public const string Sink = "203.0.113.10";

    /// <summary>The probe targets on the internet host.</summary>
    public static readonly string[] Targets = ["198.51.100.1", "198.51.100.2", "198.51.100.3"];

    /// <summary>The most provider paths.</summary>
    public const int MaxLinks = 8;

    /// <summary>Gets the namespace of provider <paramref name="k"/> (1-based).</summary>
    public static string Provider(int k) => "nfb-p" + k;

    /// <summary>Gets the router's interface towards provider <paramref name="k"/>.</summary>
    public static string Wan(int k) => "wan" + k;

    /// <summary>Gets the router's address on WAN <paramref name="k"/> (what the internet host sees after NAT).</summary>
    public static string WanAddress(int k) => $"100.64.{k}.2";

    /// <summary>Gets provider <paramref name="k"/>'s gateway address.</summary>
    public static string Gateway(int k) => $"100.64.{k}.1";

    /// <summary>Gets the provider's interface facing the router (the one cut by "link down").</summary>
    public static string ProviderRouterSide(int k) => "r" + k;

    /// <summary>Lists the lab's namespaces that exist now.</summary>
    public static string[] Existing()
    {
        return Directory.Exists("/var/run/netns")
            ? Directory.GetFiles("/var/run/netns").Select(Path.GetFileName).Where(n => n!.StartsWith("nfb-", StringComparison.Ordinal)).Select(n => n!).Order().ToArray()
            : [];
    }

    /// <summary>Counts the provider paths of the lab that is up, 0 if none.</summary>
    public static int LinkCount() => Existing().Count(n => n.StartsWith("nfb-p", StringComparison.Ordinal));

    /// <summary>Builds the lab (after removing an old one).</summary>
    /// <param name="links">Provider paths, 1 to <see cref="MaxLinks"/>.</param>
    /// <param name="rateMbit">tbf rate per provider path.</param>
    /// <param name="log">Progress output.</param>
    public static void Up(int links, int rateMbit, TextWriter log)
    {
        if (links < 1 || links > MaxLinks)
        {
            throw new ArgumentOutOfRangeException(nameof(links), links, $"from 1 to {MaxLinks} links are allowed");
        }

        LabTools.Ensure(log);
        Down(log);
        Dictionary<string, List<string>> batch = [];
        foreach (string ns in new[] { Lan, Router, Internet }.Concat(Enumerable.Range(1, links).Select(Provider)))
        {
            Run("ip", "netns", "add", ns);
            In(batch, ns, $"link set lo up");
        }

        // LAN host <-> router.
        In(batch, "", $"link add eth0 netns {Lan} type veth peer name {LanInterface} netns {Router}");
        In(batch, Lan, $"addr add 192.168.50.10/24 dev eth0");
        In(batch, Lan, $"link set eth0 up");
        In(batch, Lan, $"route add default via 192.168.50.1");
        In(batch, Router, $"addr add 192.168.50.1/24 dev {LanInterface}");
        In(batch, Router, $"link set {LanInterface} up");

        // Internet host: targets and sink are addresses on its loopback.
        foreach (string target in Targets.Append(Sink))
        {
            In(batch, Internet, $"addr add {target}/32 dev lo");
        }

        for (int k = 1; k <= links; k++)
        {
            string p = Provider(k);
            In(batch, "", $"link add {Wan(k)} netns {Router} type veth peer name {ProviderRouterSide(k)} netns {p}");
            In(batch, Router, $"addr add {WanAddress(k)}/30 dev {Wan(k)}");
            In(batch, Router, $"link set {Wan(k)} up");
            In(batch, p, $"addr add {Gateway(k)}/30 dev {ProviderRouterSide(k)}");
            In(batch, p, $"link set {ProviderRouterSide(k)} up");
            In(batch, "", $"link add i{k} netns {p} type veth peer name p{k} netns {Internet}");
            In(batch, p, $"addr add 172.31.{k}.1/30 dev i{k}");
            In(batch, p, $"link set i{k} up");
            In(batch, p, $"route add default via 172.31.{k}.2");
            In(batch, Internet, $"addr add 172.31.{k}.2/30 dev p{k}");
            In(batch, Internet, $"link set p{k} up");
            In(batch, Internet, $"route add 100.64.{k}.0/30 via 172.31.{k}.1");
        }

        RunBatch(batch);
        for (int k = 1; k <= links; k++)
        {
            string p = Provider(k);
            Sysctl(p, "net.ipv4.ip_forward", "1");
            foreach (string dev in new[] { ProviderRouterSide(k), "i" + k })
            {
                Run("ip", "netns", "exec", p, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", rateMbit + "mbit", "burst", "32kb", "latency", "50ms");
            }
        }

        Sysctl(Router, "net.ipv4.ip_forward", "1");
        string wans = string.Join(", ", Enumerable.Range(1, links).Select(k => $"\"{Wan(k)}\""));
        Run("ip", ["netns", "exec", Router, "nft", "-f", "-"], $"table ip lab_nat {{\n  chain post {{\n    type nat hook postrouting priority srcnat; policy accept;\n    oifname {{ {wans} }} masquerade\n  }}\n}}\n");
        log.WriteLine($"lab up: {links} provider path(s) at {rateMbit} Mbit/s (tbf); namespaces {string.Join(", ", Existing())}");
    }

    /// <summary>The management address on this machine's side of <see cref="AddManagement"/> (where the aggregator listens).</summary>
    public const string ManagementHost = "10.250.0.1";

    /// <summary>The router's management address.</summary>
    public const string ManagementRouter = "10.250.0.2";

    /// <summary>
    /// Connects the router to this machine's own namespace by a management link, the way a shop router reaches
    /// its integrator's aggregator over a VPN: the aggregator runs in this process, the controller in the router.
    /// Idempotent; it goes with the router namespace.
    /// </summary>
    public static void AddManagement()
    {
        if (File.Exists("/sys/class/net/nfb-mgmt/operstate"))
        {
            return;
        }

        Run("ip", "link", "add", "nfb-mgmt", "type", "veth", "peer", "name", "mgmt0", "netns", Router);
        Run("ip", "addr", "add", ManagementHost + "/30", "dev", "nfb-mgmt");
        Run("ip", "link", "set", "nfb-mgmt", "up");
        Run("ip", "-n", Router, "addr", "add", ManagementRouter + "/30", "dev", "mgmt0");
        Run("ip", "-n", Router, "link", "set", "mgmt0", "up");
    }

    /// <summary>Removes every lab namespace (their interfaces go with them).</summary>
    /// <param name="log">Progress output.</param>
    public static void Down(TextWriter log)
    {
        string[] existing = Existing();
        foreach (string ns in existing)
        {
            CommandRunner.Run("ip", ["netns", "del", ns]);
        }

        if (existing.Length > 0)
        {
            log.WriteLine($"lab down: removed {string.Join(", ", existing)}");
        }
    }

    /// <summary>Runs a command, failing with its error output.</summary>
    /// <param name="program">The program.</param>
    /// <param name="args">Its arguments.</param>
    public static void Run(string program, params string[] args) => Run(program, args, null);

    /// <summary>Runs a command with standard input, failing with its error output.</summary>
    /// <param name="program">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="stdin">Standard input, or null.</param>
    public static void Run(string program, string[] args, string? stdin)
    {
        (int exit, string error) = CommandRunner.Run(program, args, stdin);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{CommandRunner.Describe(program, args)}: exit {exit}: {error}");
        }
    }

    private static void In(Dictionary<string, List<string>> batch, string ns, string line)
    {
        if (!batch.TryGetValue(ns, out List<string>? lines))
        {
            batch[ns] = lines = [];
        }

        lines.Add(line);
    }

    // Interfaces are created from the root namespace first, then each namespace configures its own.
    private static void RunBatch(Dictionary<string, List<string>> batch)
    {
        foreach ((string ns, List<string> lines) in batch.OrderBy(b => b.Key.Length == 0 ? 0 : 1))
        {
            string[] args = ns.Length == 0 ? ["-batch", "-"] : ["-n", ns, "-batch", "-"];
            Run("ip", args, string.Join('\n', lines) + "\n");
        }
    }

    private static void Sysctl(string ns, string key, string value) => Run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", $"{key}={value}");
}
