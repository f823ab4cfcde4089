using System.Diagnostics;
using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>Two tunnel ends joined in memory by two paths that can be cut silently, ticking on a thread of their own.</summary>
internal sealed class MemoryTunnel : IDisposable
{
    private readonly Thread _ticks;
    private volatile bool _stopping;

    public MemoryTunnel(BondOptions options, Action<byte[]> deliveredAtServer)
    {
        byte[] key = new byte[32];
        key[0] = 7;
        Server = new BondEndpoint(new TunnelCipher(key, 1, isServer: true), ToSite, options, deliveredAtServer);
        Site = new BondEndpoint(new TunnelCipher(key, 1, isServer: false), ToServer, options, _ => { });
        ToServer.Peer = Server;
        ToSite.Peer = Site;
        // A thread of its own, as BondLink gives each end: on the thread pool, beside the sender, ticks ran late
        // enough for a live path to look silent.
        _ticks = new Thread(() =>
        {
            while (!_stopping)
            {
                Site.Tick();
                Server.Tick();
                Thread.Sleep(2);
            }
        }) { IsBackground = true };
        _ticks.Start();
    }

    public MemoryPaths ToServer { get; } = new();

    public MemoryPaths ToSite { get; } = new();

    public BondEndpoint Site { get; }

    public BondEndpoint Server { get; }

    public static byte[] Inner(int number)
    {
        byte[] packet = new byte[400];
        packet[0] = 0x45;
        BitConverter.GetBytes(number).CopyTo(packet, 20);
        return packet;
    }

    public static async Task Until(Func<bool> condition, Func<string> state)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "within 20 s: " + state());
            await Task.Delay(10);
        }
    }

    public Task Alive() => Until(() => Site.IsAlive(0) && Site.IsAlive(1) && Server.IsAlive(0) && Server.IsAlive(1), () => "the paths did not come alive");

    /// <summary>Cuts a path both ways, or mends it.</summary>
    public void Cut(int path, bool cut = true)
    {
        Volatile.Write(ref ToServer.Cut[path], cut);
        Volatile.Write(ref ToSite.Cut[path], cut);
    }

    public void Dispose()
    {
        _stopping = true;
        _ticks.Join();
        Site.Stop();
        Server.Stop();
    }

    public sealed class MemoryPaths : IBondPaths
    {
        public BondEndpoint? Peer { get; set; }

        public bool[] Cut { get; } = new bool[2];

        public long LostOnCut { get; private set; }

        public long[] Bytes { get; } = new long[2];

        public int Count => 2;

        public bool Send(int path, ReadOnlySpan<byte> datagram)
        {
            if (Volatile.Read(ref Cut[path]))
            {
                LostOnCut++;
                return true;
            }

            Interlocked.Add(ref Bytes[path], datagram.Length);
            Peer?.Receive(datagram, out _);
            return true;
        }
    }
}
