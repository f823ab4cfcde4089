using NfBond.Hal;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>The tunnel follows the controller's steering plan both ways and witnesses the links for its monitor.</summary>
public class BondSteeringTests
{
    private sealed class Recorder : ISteeringExecutor
    {
        public List<SteeringEntry[]> Applied { get; } = [];

        public string? Prepare(SteeringEntry[] entries) => null;

        public string? Apply(SteeringEntry[] entries)
        {
            Applied.Add(entries);
            return "ip rule: refused";
        }
    }

    private static SteeringEntry[] Plan(int fiber, int lte) =>
        [new SteeringEntry { Name = "fiber", Interface = "wan1", Mark = 1, Weight = fiber }, new SteeringEntry { Name = "lte", Interface = "wwan0", Mark = 2, Weight = lte }];

    [Fact]
    public async Task A_link_the_plan_closes_carries_no_data_either_way_and_only_rare_keepalives()
    {
        using MemoryTunnel tunnel = new(new BondOptions { PathBitsPerSecond = [8_000_000, 8_000_000] }, _ => { });
        Recorder flows = new();
        using BondSteering steering = new(flows, tunnel.Site, ["fiber", "lte"]);
        await tunnel.Alive();

        // The flows' part failing does not stop the tunnel's part; its error is what the controller hears.
        Assert.Equal("ip rule: refused", steering.Apply(Plan(1000, 0)));
        Assert.Single(flows.Applied);
        Assert.False(tunnel.Site.IsAllowed(1));
        // The server hears of it in the site's next feedback.
        await Task.Delay(300);
        long siteData = tunnel.Server.Arrivals[1].Received;
        long serverData = tunnel.Site.Arrivals[1].Received;
        long up = Interlocked.Read(ref tunnel.ToServer.Bytes[1]);
        long down = Interlocked.Read(ref tunnel.ToSite.Bytes[1]);
        for (int i = 0; i < 2000; i++)
        {
            tunnel.Site.Send(MemoryTunnel.Inner(i));
            tunnel.Server.Send(MemoryTunnel.Inner(i));
            Thread.Sleep(i % 100 == 0 ? 1 : 0);
        }

        await Task.Delay(6000);
        Assert.Equal(siteData, tunnel.Server.Arrivals[1].Received);
        Assert.Equal(serverData, tunnel.Site.Arrivals[1].Received);
        Assert.True(tunnel.Server.Arrivals[0].Received >= 2000 && tunnel.Site.Arrivals[0].Received >= 2000, "the open link did not carry it all");
        // Over 6 s: two or three keepalives each way, not the 240 an open link sends.
        long upCost = Interlocked.Read(ref tunnel.ToServer.Bytes[1]) - up;
        long downCost = Interlocked.Read(ref tunnel.ToSite.Bytes[1]) - down;
        Assert.True(upCost < 4 * 100 && downCost < 4 * 100, $"the closed link carried {upCost} bytes up and {downCost} down in 6 s");
        Assert.True(tunnel.Site.IsAlive(1) && tunnel.Server.IsAlive(1), "the closed link's rare keepalives did not keep it alive");

        // Opened again: both ways carry on it.
        steering.Apply(Plan(500, 500));
        await Task.Delay(300);
        for (int i = 0; i < 2000; i++)
        {
            tunnel.Site.Send(MemoryTunnel.Inner(i));
            tunnel.Server.Send(MemoryTunnel.Inner(i));
            Thread.Sleep(i % 100 == 0 ? 1 : 0);
        }

        await MemoryTunnel.Until(() => tunnel.Server.Arrivals[1].Received > siteData + 300 && tunnel.Site.Arrivals[1].Received > serverData + 300,
            () => $"the opened link carried {tunnel.Server.Arrivals[1].Received - siteData} up and {tunnel.Site.Arrivals[1].Received - serverData} down");

        // A plan with no weight at all (the monitor sees nothing up) leaves the tunnel to judge by its keepalives.
        steering.Apply(Plan(0, 0));
        Assert.True(tunnel.Site.IsAllowed(0) && tunnel.Site.IsAllowed(1));
    }

    [Fact]
    public async Task A_link_that_falls_silent_while_another_carries_is_named_to_the_controller_and_a_dead_server_names_none()
    {
        using MemoryTunnel tunnel = new(new BondOptions { PathBitsPerSecond = [8_000_000, 8_000_000] }, _ => { });
        using BondSteering steering = new(new Recorder(), tunnel.Site, ["fiber", "lte"]);
        System.Collections.Concurrent.ConcurrentQueue<string> hints = new();
        steering.Suspected = (link, cause) => hints.Enqueue(link + ": " + cause);
        await tunnel.Alive();

        tunnel.Cut(1);
        await MemoryTunnel.Until(() => !hints.IsEmpty, () => "no hint");
        Assert.Equal(["lte: the bonding server was not heard on it for 200 ms while it was on fiber"], hints);

        tunnel.Cut(1, false);
        await tunnel.Alive();
        // The server gone: every path falls silent together; no link is to blame.
        tunnel.Cut(0);
        tunnel.Cut(1);
        await MemoryTunnel.Until(() => !tunnel.Site.IsAlive(0) && !tunnel.Site.IsAlive(1), () => "the paths did not die");
        await Task.Delay(100);
        Assert.Single(hints);
    }
}
