using System.Diagnostics;
using NfBond.Hal.Linux;

namespace NfBond.Lab;

/// <summary>
/// A LAN for VRRP interop: routers "a" and "b" and a client "c" on one bridge (namespace nfv-sw), each
/// in its own namespace. a = 192.168.60.2, b = .3, c = .10, the virtual address .254/24. A router
/// "dies" by losing its bridge port; the segment is partitioned the same way.
/// </summary>
public static class VrrpLab
{
    /// <summary>The virtual address with its prefix.</summary>
    public const string Vip = "192.168.60.254/24";

    /// <summary>The virtual address.</summary>
    public const string VipAddress = "192.168.60.254";

    /// <summary>The routers' and the client's short names.</summary>
    public static readonly string[] Hosts = ["a", "b", "c"];

    private static readonly (string Tool, string Package)[] s_tools =
    [
        ("keepalived", "keepalived"), ("arping", "iputils-arping"), ("ping", "iputils-ping"), ("tshark", "tshark"),
    ];

    /// <summary>Gets a host's namespace.</summary>
    public static string Namespace(string host) => "nfv-" + host;

    /// <summary>Gets a host's interface.</summary>
    public static string Interface(string host) => host + "0";

    /// <summary>Gets a host's address.</summary>
    public static string Address(string host) => host switch { "a" => "192.168.60.2", "b" => "192.168.60.3", _ => "192.168.60.10" };

    /// <summary>Builds the LAN (after removing an old one) and installs keepalived, arping, ping and tshark if missing.</summary>
    public static void Up()
    {
        LabTools.Ensure(TextWriter.Null, s_tools);
        Down();
        foreach (string ns in Hosts.Select(Namespace).Append("nfv-sw"))
        {
            LabTopology.Run("ip", "netns", "add", ns);
            LabTopology.Run("ip", "-n", ns, "link", "set", "lo", "up");
        }

        LabTopology.Run("ip", "-n", "nfv-sw", "link", "add", "br0", "type", "bridge");
        LabTopology.Run("ip", "-n", "nfv-sw", "link", "set", "br0", "up");
        foreach (string host in Hosts)
        {
            LabTopology.Run("ip", "link", "add", Interface(host), "netns", Namespace(host), "type", "veth", "peer", "name", "p" + host, "netns", "nfv-sw");
            LabTopology.Run("ip", "-n", "nfv-sw", "link", "set", "p" + host, "master", "br0");
            LabTopology.Run("ip", "-n", "nfv-sw", "link", "set", "p" + host, "up");
            LabTopology.Run("ip", "-n", Namespace(host), "addr", "add", Address(host) + "/24", "dev", Interface(host));
            LabTopology.Run("ip", "-n", Namespace(host), "link", "set", Interface(host), "up");
        }
    }

    /// <summary>Removes the LAN and any keepalived left in it.</summary>
    public static void Down()
    {
        foreach (string ns in Hosts.Select(Namespace).Append("nfv-sw"))
        {
            foreach (int pid in PidsIn(ns))
            {
                CommandRunner.Run("kill", ["-9", pid.ToString()]);
            }

            CommandRunner.Run("ip", ["netns", "del", ns]);
        }
    }

    /// <summary>Cuts a host off the bridge or reconnects it.</summary>
    /// <param name="host">"a", "b" or "c".</param>
    /// <param name="cut">True to cut.</param>
    public static void Cut(string host, bool cut) => LabTopology.Run("ip", "-n", "nfv-sw", "link", "set", "p" + host, cut ? "down" : "up");

    /// <summary>
    /// Partitions a host from the others while its link stays up (the bridge drops its frames), the way
    /// a failed switch uplink splits two routers that both still see carrier.
    /// </summary>
    /// <param name="host">"a", "b" or "c".</param>
    /// <param name="partitioned">True to partition, false to heal.</param>
    public static void Partition(string host, bool partitioned)
    {
        if (partitioned)
        {
            LabTopology.Run("ip", ["netns", "exec", "nfv-sw", "nft", "-f", "-"],
                $"table bridge partition {{\n  chain forward {{\n    type filter hook forward priority 0; policy accept;\n    iifname \"p{host}\" drop\n    oifname \"p{host}\" drop\n  }}\n}}\n");
        }
        else
        {
            LabTopology.Run("ip", "netns", "exec", "nfv-sw", "nft", "delete", "table", "bridge", "partition");
        }
    }

    /// <summary>Gets whether a router holds the virtual address.</summary>
    /// <param name="host">"a" or "b".</param>
    /// <returns>True if the address is on its interface.</returns>
    public static bool HoldsVip(string host)
    {
        ProcessStartInfo info = new("ip", ["-n", Namespace(host), "-4", "addr", "show", Interface(host)]) { RedirectStandardOutput = true };
        using Process p = Process.Start(info)!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Contains(VipAddress + "/", StringComparison.Ordinal);
    }

    /// <summary>Pings the virtual address once from the client.</summary>
    /// <returns>True on a reply within a second.</returns>
    public static bool VipAnswers() => CommandRunner.Run("ip", ["netns", "exec", Namespace("c"), "ping", "-c", "1", "-W", "1", VipAddress]).Exit == 0;

    /// <summary>Starts keepalived in a router's namespace.</summary>
    /// <param name="host">"a" or "b".</param>
    /// <param name="priority">Its priority.</param>
    /// <param name="advertSeconds">advert_int.</param>
    /// <param name="unicastPeer">The other router ("a" or "b") to advertise to by unicast, or null for multicast.</param>
    /// <returns>The daemon.</returns>
    public static VrrpDaemon Keepalived(string host, int priority, double advertSeconds, string? unicastPeer = null)
    {
        string unicast = unicastPeer == null ? "" : $"unicast_src_ip {Address(host)}\n  unicast_peer {{\n    {Address(unicastPeer)}\n  }}";
        string dir = Directory.CreateTempSubdirectory("nfbond-ka").FullName;
        string conf = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
              vrrp_version 3
              script_user root
              vrrp_garp_master_delay 0
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface {{Interface(host)}}
              virtual_router_id 51
              priority {{priority}}
              advert_int {{advertSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
              virtual_ipaddress {
                {{Vip}}
              }
              {{unicast}}
            }
            """);
        return new VrrpDaemon(Namespace(host), ["keepalived", "-n", "-l", "-D", "--vrrp", "-f", conf, "-p", Path.Combine(dir, "ka.pid"), "-r", Path.Combine(dir, "vrrp.pid")], KeepalivedState);
    }

    /// <summary>Starts our VRRP instance (<c>nfbond vrrp</c>) in a router's namespace.</summary>
    /// <param name="nfbond">How to start nfbond.</param>
    /// <param name="host">"a" or "b".</param>
    /// <param name="priority">Its priority.</param>
    /// <param name="advert">Its interval, e.g. "100ms".</param>
    /// <param name="extra">More options (--checksum v2, --nopreempt).</param>
    /// <returns>The daemon.</returns>
    public static VrrpDaemon Ours(string[] nfbond, string host, int priority, string advert, params string[] extra)
    {
        string[] args = [.. nfbond, "vrrp", "--iface", Interface(host), "--vrid", "51", "--priority", priority.ToString(), "--advert", advert, "--vip", Vip, .. extra];
        return new VrrpDaemon(Namespace(host), args, OurState);
    }

    private static string? KeepalivedState(string line) =>
        line.Contains("Entering MASTER STATE", StringComparison.Ordinal) ? "master"
        : line.Contains("Entering BACKUP STATE", StringComparison.Ordinal) ? "backup"
        : line.Contains("Entering FAULT STATE", StringComparison.Ordinal) ? "fault" : null;

    private static string? OurState(string line)
    {
        int at = line.IndexOf("\"state\":\"", StringComparison.Ordinal);
        return at < 0 || !line.Contains("\"type\":\"state\"", StringComparison.Ordinal) ? null : line[(at + 9)..line.IndexOf('"', at + 9)];
    }

    private static IEnumerable<int> PidsIn(string ns)
    {
        ProcessStartInfo info = new("ip", ["netns", "pids", ns]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(info)!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }
}
