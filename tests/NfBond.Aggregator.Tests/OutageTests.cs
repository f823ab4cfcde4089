using System.Text.Json;
using NfBond.Aggregator.Fleet;

namespace NfBond.Aggregator.Tests;

public class OutageTests
{
    private static JsonElement Link(long seq, long ts, string link, string state) =>
        JsonDocument.Parse($"{{\"seq\":{seq},\"ts\":{ts},\"kind\":\"link_state\",\"link\":\"{link}\",\"state\":\"{state}\",\"cause\":\"c{seq}\"}}").RootElement;

    private static JsonElement Other(long seq, long ts) => JsonDocument.Parse($"{{\"seq\":{seq},\"ts\":{ts},\"kind\":\"failover\"}}").RootElement;

    [Fact]
    public void A_site_is_down_only_while_every_link_is_down()
    {
        List<Outage> outages = OutageCalculator.Compute(
        [
            Link(1, 0, "fiber", "up"), Link(2, 0, "lte", "up"),
            Link(3, 1000, "fiber", "down"), Other(4, 1001),
            Link(5, 4000, "lte", "down"),
            Link(6, 5000, "fiber", "up"),
            Link(7, 9000, "lte", "up"),
            Link(8, 20_000, "fiber", "down"),
        ]);

        Assert.Equal(
            [new Outage("fiber", 1000, 5000, "c3"), new Outage("lte", 4000, 9000, "c5"), new Outage("*", 4000, 5000, "all links down; last: lte: c5"), new Outage("fiber", 20_000, -1, "c8")],
            outages);
        Assert.Equal(0.9, OutageCalculator.Availability(outages, "*", 0, 10_000), 6);
        Assert.Equal(0.6, OutageCalculator.Availability(outages, "fiber", 0, 10_000), 6);
        Assert.Equal(0.5, OutageCalculator.Availability(outages, "fiber", 15_000, 25_000), 6);
        Assert.Equal(1.0, OutageCalculator.Availability(outages, "lte", 10_000, 30_000), 6);
    }

    [Fact]
    public void A_site_with_two_controllers_is_down_only_while_both_saw_it_down()
    {
        // Controller A loses everything from 1 s to 5 s; B keeps its LTE until 3 s and is back at 6 s.
        List<Outage> a = [new Outage("fiber", 1000, 5000, "a"), new Outage("lte", 1000, 5000, "a"), new Outage("*", 1000, 5000, "all links down")];
        List<Outage> b = [new Outage("fiber", 500, 6000, "b"), new Outage("lte", 3000, 6000, "b"), new Outage("*", 3000, 6000, "all links down"), new Outage("fiber", 8000, -1, "b")];

        List<Outage> site = OutageCalculator.ForSite([a, b]);

        Assert.Equal([new Outage("fiber", 1000, 5000, "a"), new Outage("lte", 3000, 5000, "a"), new Outage("*", 3000, 5000, "all links down")], site);
        Assert.Equal(0.8, OutageCalculator.Availability(site, "*", 0, 10_000), 6);
        Assert.Equal(a, OutageCalculator.ForSite([a]));
        Assert.Empty(OutageCalculator.ForSite([]));
    }

    [Fact]
    public void An_outage_still_open_on_both_controllers_is_still_open_for_the_site()
    {
        List<Outage> site = OutageCalculator.ForSite([[new Outage("*", 1000, -1, "x")], [new Outage("*", 2000, -1, "y")]]);
        Assert.Equal([new Outage("*", 2000, -1, "x")], site);
    }
}
