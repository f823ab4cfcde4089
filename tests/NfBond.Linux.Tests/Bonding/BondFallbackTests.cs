using NfBond.Hal.Linux.Bonding;
using NfBond.Lab;
using Xunit.Abstractions;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>A site's LAN keeps its internet when the bonding server goes away, and goes back into the tunnel when it returns.</summary>
[Collection("lab")]
public class BondFallbackTests(ITestOutputHelper output)
{
    [Fact]
    public void The_lan_falls_back_to_plain_steering_while_the_server_is_down_and_returns_to_the_tunnel()
    {
        using BondLab lab = new([20, 10], [10, 10], TextWriter.Null, lanHost: true);
        List<string> reports = [];
        lab.Start(new BondFallback { Lan = "bl0" }, line => { lock (reports) { reports.Add(line); } });
        BondRouting routing = lab.Client!.Routing!;
        Eventually.Holds(() => routing.Engaged, 5000, "the LAN to go into the tunnel");
        long before = lab.ServerEnd!.Reorder.Delivered;
        Assert.Equal(5, BondLab.PingFromLan(5));
        Assert.True(lab.ServerEnd.Reorder.Delivered >= before + 5, "the pings did not go through the tunnel");

        lab.StopServer();
        Eventually.Holds(() => !routing.Engaged, 5000, "the LAN to fall back to plain steering");
        Assert.Equal(5, BondLab.PingFromLan(5));

        lab.StartServer();
        Eventually.Holds(() => routing.Engaged, 10_000, "the LAN to go back into the tunnel");
        // The restarted server numbers from 1 again: the site must see a new run, or it drops the replies as copies.
        Eventually.Holds(() => lab.Client.Endpoint.PeerRestarts == 1, 5000, "the site to notice the server's new run");
        before = lab.ServerEnd!.Reorder.Delivered;
        long siteDuplicates = lab.Client.Endpoint.Reorder.Duplicates;
        int answered = BondLab.PingFromLan(5);
        Assert.True(answered == 5, $"{answered} of 5 answered after the server came back; the server delivered {lab.ServerEnd.Reorder.Delivered - before}, the site dropped {lab.Client.Endpoint.Reorder.Duplicates - siteDuplicates} as copies");
        Assert.True(lab.ServerEnd.Reorder.Delivered >= before + 5, "after the server came back, the pings did not go through the tunnel");
        lock (reports)
        {
            output.WriteLine(string.Join("\n", reports));
        }
    }
}
