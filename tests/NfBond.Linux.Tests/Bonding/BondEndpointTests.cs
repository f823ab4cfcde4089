using System.Collections.Concurrent;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>Two tunnel ends joined in memory by paths that can be cut: what a cut path was carrying is not lost.</summary>
public class BondEndpointTests
{
    [Fact]
    public async Task What_a_path_carried_when_it_was_cut_comes_through_the_other_once_each()
    {
        ConcurrentQueue<int> delivered = new();
        using MemoryTunnel tunnel = new(new BondOptions { PathBitsPerSecond = [8_000_000, 8_000_000] }, packet => delivered.Enqueue(BitConverter.ToInt32(packet, 20)));
        BondEndpoint site = tunnel.Site;
        BondEndpoint server = tunnel.Server;
        await tunnel.Alive();

        // A steady stream; path 0 is cut in both directions in the middle of it, silently.
        const int Packets = 3000;
        Task sending = Task.Run(() =>
        {
            for (int i = 0; i < Packets; i++)
            {
                if (i == Packets / 2)
                {
                    tunnel.Cut(0);
                }

                site.Send(MemoryTunnel.Inner(i));
                Thread.Sleep(i % 10 == 0 ? 1 : 0);
            }
        });
        await sending;
        await MemoryTunnel.Until(() => !site.IsAlive(0) && delivered.Count >= Packets, () => $"path 0 alive {site.IsAlive(0)}, {delivered.Count} of {Packets} delivered, {site.Reinjected} sent again, {server.Reorder.GivenUp} given up, {server.Reorder.Late} late, {server.Reorder.Duplicates} copies dropped, missing {string.Join(",", Enumerable.Range(0, Packets).Except(delivered).Where((_, i) => i % 50 == 0))}, site sent {site.Sent} dropped {site.Dropped}, refused {server.Refused}, received per path {string.Join("+", server.Arrivals.Select(a => a.Received))}, lost per path {string.Join("+", server.Arrivals.Select(a => a.Lost))}");
        await Task.Delay(300);

        Assert.True(site.Reinjected > 0, "nothing was sent again after the cut");
        Assert.True(tunnel.ToServer.LostOnCut > 0, "the cut lost nothing: the test did not test");
        int[] got = [.. delivered];
        Assert.Equal(Packets, got.Length);
        Assert.Equal(Enumerable.Range(0, Packets), got.Order());
    }
}
