using NfBond.Hal;
using NfBond.Hal.Linux;

namespace NfBond.Linux.Tests;

public class SteeringExecutorTests
{
    private static SteeringEntry[] Plan(params int[] weights) => weights.Select((w, i) => new SteeringEntry { Name = "l" + (i + 1), Interface = "wan" + (i + 1), Gateway = $"100.64.{i + 1}.1", Mark = i + 1, Weight = w }).ToArray();

    [Fact]
    public void New_flows_and_flows_of_dropped_links_take_the_next_round_robin_slot()
    {
        string script = new LinuxSteeringExecutor("lan0").NftScript(Plan(600, 0, 400));

        // Smooth weighted round-robin over 3:2 repeats l1 l3 l1 l3 l1: the l1 picks are spread, not bunched.
        Assert.Contains("iifname \"lan0\" ct mark != { 1, 3 } ct mark set numgen inc mod 1000 map { 0 : 1, 1 : 3, 2 : 1, 3 : 3, 4-5 : 1, 6 : 3, 7 : 1, 8 : 3, 9-10 : 1,", script);
        Assert.EndsWith("994-995 : 1, 996 : 3, 997 : 1, 998 : 3, 999 : 1 }\n    iifname \"lan0\" meta mark set ct mark\n  }\n}\n", script);
        // Every one of the 1000 slots is given, 600 to l1 and 400 to l3 (ranges like "4-5" count each slot).
        string map = script[(script.IndexOf("map { ", StringComparison.Ordinal) + 6)..script.IndexOf(" }", script.IndexOf("map { ", StringComparison.Ordinal), StringComparison.Ordinal)];
        Dictionary<int, int> slots = [];
        foreach (string entry in map.Split(", "))
        {
            string[] parts = entry.Split(" : ");
            string[] range = parts[0].Split('-');
            int count = range.Length == 1 ? 1 : int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
            int mark = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            slots[mark] = slots.GetValueOrDefault(mark) + count;
        }

        Assert.Equal(new Dictionary<int, int> { [1] = 600, [3] = 400 }, slots);
        Assert.StartsWith("table inet nfbond {}\ndelete table inet nfbond\n", script);
    }

    [Fact]
    public void The_main_default_route_is_weighted_multipath_over_carrying_links()
    {
        Assert.Equal(
            ["route", "replace", "default", "nexthop", "via", "100.64.1.1", "dev", "wan1", "weight", "192", "nexthop", "via", "100.64.3.1", "dev", "wan3", "weight", "64"],
            LinuxSteeringExecutor.MultipathRoute(Plan(750, 0, 250)));
        Assert.Equal(["route", "replace", "default", "via", "100.64.2.1", "dev", "wan2"], LinuxSteeringExecutor.MultipathRoute(Plan(0, 1000)));
        Assert.Empty(LinuxSteeringExecutor.MultipathRoute(Plan(0, 0)));
    }
}
