using System.Collections.Concurrent;
using System.Diagnostics;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>Two tunnel ends joined in memory by paths that can be cut: what a cut path was carrying is not lost.</summary>
public class BondEndpointTests
{
    [Fact]
    public async Task What_a_path_carried_when_it_was_cut_comes_through_the_other_once_each()
    {
        byte[] key = new byte[32];
        key[0] = 7;
        MemoryPaths toServer = new();
        MemoryPaths toSite = new();
        BondOptions options = new() { PathBitsPerSecond = [8_000_000, 8_000_000] };
        ConcurrentQueue<int> delivered = new();
        BondEndpoint server = new(new TunnelCipher(key, 1, isServer: true), toSite, options, packet => delivered.Enqueue(BitConverter.ToInt32(packet, 20)));
        BondEndpoint site = new(new TunnelCipher(key, 1, isServer: false), toServer, options, _ => { });
        toServer.Peer = server;
        toSite.Peer = site;
        // A thread of its own, as BondLink gives each end: on the thread pool, beside the sender, ticks ran late
        // enough for the live path to look silent.
        bool stopping = false;
        Thread ticks = new(() =>
        {
            while (!Volatile.Read(ref stopping))
            {
                site.Tick();
                server.Tick();
                Thread.Sleep(2);
            }
        }) { IsBackground = true };
        ticks.Start();
        await Until(() => site.IsAlive(0) && site.IsAlive(1) && server.IsAlive(0) && server.IsAlive(1), () => "the paths did not come alive");

        // A steady stream; path 0 is cut in both directions in the middle of it, silently.
        const int Packets = 3000;
        Task sending = Task.Run(() =>
        {
            for (int i = 0; i < Packets; i++)
            {
                if (i == Packets / 2)
                {
                    toServer.Cut[0] = true;
                    toSite.Cut[0] = true;
                }

                site.Send(Inner(i));
                Thread.Sleep(i % 10 == 0 ? 1 : 0);
            }
        });
        await sending;
        await Until(() => !site.IsAlive(0) && delivered.Count >= Packets, () => $"path 0 alive {site.IsAlive(0)}, {delivered.Count} of {Packets} delivered, {site.Reinjected} sent again, {server.Reorder.GivenUp} given up, {server.Reorder.Late} late, {server.Reorder.Duplicates} copies dropped, missing {string.Join(",", Enumerable.Range(0, Packets).Except(delivered).Where((_, i) => i % 50 == 0))}, site sent {site.Sent} dropped {site.Dropped}, refused {server.Refused}, received per path {string.Join("+", server.Arrivals.Select(a => a.Received))}, lost per path {string.Join("+", server.Arrivals.Select(a => a.Lost))}");
        await Task.Delay(300);
        Volatile.Write(ref stopping, true);
        ticks.Join();
        site.Stop();
        server.Stop();

        Assert.True(site.Reinjected > 0, "nothing was sent again after the cut");
        Assert.True(toServer.LostOnCut > 0, "the cut lost nothing: the test did not test");
        int[] got = [.. delivered];
        Assert.Equal(Packets, got.Length);
        Assert.Equal(Enumerable.Range(0, Packets), got.Order());
    }

    private static byte[] Inner(int number)
    {
        byte[] packet = new byte[400];
        packet[0] = 0x45;
        BitConverter.GetBytes(number).CopyTo(packet, 20);
        return packet;
    }

    private static async Task Until(Func<bool> condition, Func<string> state)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "within 20 s: " + state());
            await Task.Delay(10);
        }
    }

    private sealed class MemoryPaths : IBondPaths
    {
        public BondEndpoint? Peer { get; set; }

        public bool[] Cut { get; } = new bool[2];

        public long LostOnCut { get; private set; }

        public int Count => 2;

        public bool Send(int path, ReadOnlySpan<byte> datagram)
        {
            if (Volatile.Read(ref Cut[path]))
            {
                LostOnCut++;
                return true;
            }

            Peer?.Receive(datagram, out _);
            return true;
        }
    }
}
