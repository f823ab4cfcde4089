using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>Earliest-delivery-path-first under virtual time: shares, order of arrival, and what the plan allows.</summary>
public class PathSchedulerTests
{
    private const int Size = 1400;

    // A saturating sender: packets offered faster than all paths together take them; each goes out when its
    // path's pacer says and arrives after the path's delay (the paths' true rates and delays are the estimates).
    private static List<(int Path, long ArrivesUs, long SentUs)> Saturate(PathScheduler scheduler, (long Mbit, long DelayUs)[] paths, int packets)
    {
        List<(int, long, long)> trips = [];
        long now = 0;
        for (int i = 0; i < packets; i++)
        {
            int path = scheduler.Choose(Size, now, out long sendAt);
            trips.Add((path, sendAt + (Size * 8L / paths[path].Mbit) + paths[path].DelayUs, sendAt));
            // The tunnel's queue is kept short: the sender waits while every pacer has 20 ms of work.
            while (Enumerable.Range(0, scheduler.Count).All(p => scheduler.QueuedUs(p, now) > 20_000))
            {
                now += 1_000;
            }
        }

        return trips;
    }

    private static PathScheduler Paths(params (long Mbit, long DelayUs)[] paths)
    {
        PathScheduler scheduler = new(paths.Length);
        for (int p = 0; p < paths.Length; p++)
        {
            scheduler.SetPath(p, true, paths[p].Mbit * 1_000_000 / 8, paths[p].DelayUs);
        }

        return scheduler;
    }

    [Theory]
    [InlineData(20, 10, 10_000, 10_000)]
    [InlineData(20, 10, 10_000, 60_000)]
    [InlineData(50, 10, 5_000, 30_000)]
    public void Each_path_carries_its_share_of_the_rate_and_packets_arrive_in_order(long fastMbit, long slowMbit, long fastDelay, long slowDelay)
    {
        (long, long)[] paths = [(fastMbit, fastDelay), (slowMbit, slowDelay)];
        List<(int Path, long ArrivesUs, long SentUs)> trips = Saturate(Paths(paths), paths, 50_000);

        double share = trips.Count(t => t.Path == 1) / (double)trips.Count;
        Assert.InRange(share, (slowMbit / (double)(fastMbit + slowMbit)) - 0.02, (slowMbit / (double)(fastMbit + slowMbit)) + 0.02);
        // Estimated arrivals never go backwards, so FIFO paths deliver in tunnel order: nothing to reorder.
        for (int i = 1; i < trips.Count; i++)
        {
            Assert.True(trips[i].ArrivesUs >= trips[i - 1].ArrivesUs, $"packet {i} arrives at {trips[i].ArrivesUs} µs, before packet {i - 1} at {trips[i - 1].ArrivesUs} µs");
        }
    }

    [Fact]
    public void Over_fifo_paths_the_reorder_buffer_holds_nothing_back()
    {
        (long, long)[] paths = [(20, 10_000), (10, 60_000)];
        List<(int Path, long ArrivesUs, long SentUs)> trips = Saturate(Paths(paths), paths, 30_000);
        long now = 0;
        long maxHeld = 0;
        List<uint> output = [];
        ReorderBuffer<(uint Seq, long At)> buffer = new(2, new ReorderOptions(), p => { output.Add(p.Seq); maxHeld = Math.Max(maxHeld, now - p.At); });
        uint[] pathSeq = new uint[2];
        foreach ((int path, long arrives, long sent, uint seq) in trips.Select((t, i) => (t.Path, t.ArrivesUs, t.SentUs, (uint)(i + 1))).OrderBy(t => t.ArrivesUs))
        {
            now = arrives;
            buffer.Receive(path, seq, ++pathSeq[path], arrives - sent, Size, (seq, arrives), now);
        }

        Assert.Equal(Enumerable.Range(1, trips.Count).Select(i => (uint)i), output);
        Assert.Equal(0, maxHeld);
    }

    [Fact]
    public void A_path_the_plan_closes_carries_nothing_and_no_path_means_no_choice()
    {
        PathScheduler scheduler = Paths((20, 10_000), (10, 10_000), (50, 40_000));
        scheduler.SetPath(2, false, 0, 0);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.NotEqual(2, scheduler.Choose(Size, i * 100, out _));
        }

        scheduler.SetPath(0, false, 0, 0);
        scheduler.SetPath(1, false, 0, 0);
        Assert.Equal(-1, scheduler.Choose(Size, 0, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetPath(0, true, 0, 0));
    }

    [Fact]
    public void A_duplicate_goes_on_the_next_best_path()
    {
        PathScheduler scheduler = Paths((20, 10_000), (10, 30_000), (5, 20_000));
        int first = scheduler.Choose(200, 0, out _);
        int second = scheduler.Choose(200, 0, out _, except: first);
        Assert.Equal((0, 2), (first, second));
    }
}
