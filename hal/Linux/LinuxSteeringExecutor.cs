using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NfBond.Firmware.Steering;
using System.Text;

namespace NfBond.Hal.Linux;

/// <summary>
/// Steers with the kernel: every link gets its own routing table (number = mark) with its default route
/// and a rule sending packets with its mark there; LAN flows get a mark when they start, drawn by weight
/// with nftables' numgen, and keep it in conntrack, so a flow stays on its link while that link keeps a
/// weight. Flows of a link whose weight fell to 0 lose their conntrack entries and are re-drawn at their
/// next packet (that is what "existing flows move" costs: NATed TCP connections restart, UDP carries on).
/// The router's own traffic follows a weighted multipath default route in the main table.
/// </summary>
public sealed class LinuxSteeringExecutor : ISteeringExecutor
{
    /// <summary>The nftables table this executor owns.</summary>
    public const string NftTable = "nfbond";

    private readonly string _lan;
    private readonly int _rulePreferenceBase;
    private int[] _lastWeights = [];

    /// <summary>Creates an executor.</summary>
    /// <param name="lanInterface">The LAN interface whose flows are steered, or "" to steer only the router's own traffic.</param>
    /// <param name="rulePreferenceBase">Where the per-link rules go in the rule list (mark is added).</param>
    public LinuxSteeringExecutor(string lanInterface, int rulePreferenceBase = 1000)
    {
        _lan = lanInterface;
        _rulePreferenceBase = rulePreferenceBase;
    }

    /// <inheritdoc/>
    public string? Prepare(SteeringEntry[] entries)
    {
        StringBuilder errors = new();
        foreach (SteeringEntry entry in entries)
        {
            Prepare(entry, errors);
        }

        return errors.Length == 0 ? null : errors.ToString().TrimEnd();
    }

    /// <inheritdoc/>
    public string? Apply(SteeringEntry[] entries)
    {
        StringBuilder errors = new();

        if (_lan.Length > 0)
        {
            Step("nft", ["-f", "-"], errors, NftScript(entries));
        }

        for (int i = 0; i < entries.Length; i++)
        {
            bool wasCarrying = i < _lastWeights.Length && _lastWeights[i] > 0;
            if (wasCarrying && entries[i].Weight == 0)
            {
                // Exit 1 means "nothing to delete", which is fine.
                CommandRunner.Run("conntrack", ["-D", "--mark", entries[i].Mark.ToString()]);
            }
        }

        string[] route = MultipathRoute(entries);
        if (route.Length > 0)
        {
            Step("ip", route, errors);
        }

        // A link's own table loses its default route when the interface goes down and up again.
        foreach (SteeringEntry entry in entries)
        {
            Step("ip", ["route", "replace", "default", .. Hop(entry), "table", entry.Mark.ToString()], errors);
        }

        _lastWeights = entries.Select(e => e.Weight).ToArray();
        return errors.Length == 0 ? null : errors.ToString().TrimEnd();
    }

    /// <summary>Removes the nftables table and the per-link rules (not the per-link tables' routes, which are harmless).</summary>
    /// <param name="entries">The links that were steered.</param>
    public void Remove(SteeringEntry[] entries)
    {
        CommandRunner.Run("nft", ["delete", "table", "inet", NftTable]);
        foreach (SteeringEntry entry in entries)
        {
            CommandRunner.Run("ip", ["rule", "del", "pref", (_rulePreferenceBase + entry.Mark).ToString()]);
        }
    }

    /// <summary>Builds the nftables script for a plan: one atomic transaction replacing the table.</summary>
    /// <param name="entries">The plan.</param>
    /// <returns>The script.</returns>
    public string NftScript(SteeringEntry[] entries)
    {
        int[] flowOrder = SmoothWeightedRoundRobin.Cycle(entries.Select(e => e.Weight).ToArray());
        StringBuilder s = new();
        s.Append("table inet ").Append(NftTable).Append(" {}\n");
        s.Append("delete table inet ").Append(NftTable).Append('\n');
        s.Append("table inet ").Append(NftTable).Append(" {\n");
        s.Append("  chain steer {\n    type filter hook prerouting priority mangle; policy accept;\n");
        string[] marks = entries.Where(e => e.Weight > 0).Select(e => e.Mark.ToString()).ToArray();
        if (marks.Length > 0)
        {
            // New flows (mark 0) and flows of links that lost their weight take the next slot of the
            // round-robin cycle: numgen inc counts flows, the map turns the count into a link.
            s.Append($"    iifname \"{_lan}\" ct mark != {{ {string.Join(", ", marks)} }} ct mark set numgen inc mod {flowOrder.Length} map {{ {string.Join(", ", Slots(entries, flowOrder))} }}\n");
        }

        s.Append($"    iifname \"{_lan}\" meta mark set ct mark\n");
        s.Append("  }\n}\n");
        return s.ToString();
    }

    // Runs of the same link become ranges: "0 : 1, 1 : 3, 2-3 : 1, ...".
    private static List<string> Slots(SteeringEntry[] entries, int[] flowOrder)
    {
        List<string> slots = [];
        int start = 0;
        for (int i = 1; i <= flowOrder.Length; i++)
        {
            if (i == flowOrder.Length || flowOrder[i] != flowOrder[start])
            {
                string key = i - 1 == start ? start.ToString() : $"{start}-{i - 1}";
                slots.Add($"{key} : {entries[flowOrder[start]].Mark}");
                start = i;
            }
        }

        return slots;
    }

    /// <summary>Builds the main table's default route for a plan: weighted multipath over the carrying links.</summary>
    /// <param name="entries">The plan.</param>
    /// <returns>The ip arguments, or empty when nothing carries.</returns>
    public static string[] MultipathRoute(SteeringEntry[] entries)
    {
        SteeringEntry[] carrying = entries.Where(e => e.Weight > 0).ToArray();
        if (carrying.Length == 0)
        {
            return [];
        }

        List<string> args = ["route", "replace", "default"];
        if (carrying.Length == 1)
        {
            args.AddRange(Hop(carrying[0]));
            return [.. args];
        }

        foreach (SteeringEntry e in carrying)
        {
            args.Add("nexthop");
            args.AddRange(Hop(e));
            // ip accepts weights 1 to 256.
            args.Add("weight");
            args.Add(Math.Max(1, e.Weight * 256 / 1000).ToString());
        }

        return [.. args];
    }

    private void Prepare(SteeringEntry entry, StringBuilder errors)
    {
        string table = entry.Mark.ToString();
        Step("ip", ["route", "replace", "default", .. Hop(entry), "table", table], errors);
        string pref = (_rulePreferenceBase + entry.Mark).ToString();
        CommandRunner.Run("ip", ["rule", "del", "pref", pref]);
        Step("ip", ["rule", "add", "pref", pref, "fwmark", entry.Mark.ToString(), "lookup", table], errors);
        // Answers arrive on a link while the main table may point elsewhere, or nowhere before the first
        // plan: reverse-path filtering, strict or loose, would drop them. The kernel uses the larger of
        // "all" and the interface's value, so both must be 0.
        try
        {
            File.WriteAllText($"/proc/sys/net/ipv4/conf/{entry.Interface}/rp_filter", "0");
            string all = File.ReadAllText("/proc/sys/net/ipv4/conf/all/rp_filter").Trim();
            if (all != "0")
            {
                errors.AppendLine($"{entry.Name}: net.ipv4.conf.all.rp_filter is {all}; answers through backup links are dropped unless it is 0");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.AppendLine($"{entry.Name}: cannot turn off rp_filter on {entry.Interface}: {ex.Message}");
        }
    }

    private static string[] Hop(SteeringEntry e) => e.Gateway.Length > 0 ? ["via", e.Gateway, "dev", e.Interface] : ["dev", e.Interface];

    private static void Step(string program, string[] args, StringBuilder errors, string? stdin = null)
    {
        (int exit, string error) = CommandRunner.Run(program, args, stdin);
        if (exit != 0)
        {
            errors.AppendLine($"{CommandRunner.Describe(program, args)}: exit {exit}: {error}");
        }
    }
}
