using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>The receiver's reorder buffer under virtual time, over simulated FIFO paths.</summary>
public class ReorderBufferTests
{
    // One packet's trip: sent on a path at a time, arriving after the path's delay and jitter (FIFO kept).
    private sealed record Trip(uint Seq, int Path, uint PathSeq, long SentUs, long ArrivesUs);

    private static List<Trip> Trips(Random random, int count, long[] delayUs, long[] jitterUs, double loss, int[]? pathOf = null)
    {
        List<Trip> trips = [];
        uint[] pathSeq = new uint[delayUs.Length];
        long[] lastArrival = new long[delayUs.Length];
        for (int i = 0; i < count; i++)
        {
            int path = pathOf?[i % pathOf.Length] ?? random.Next(delayUs.Length);
            long sent = i * 500L;
            long arrives = Math.Max(lastArrival[path], sent + delayUs[path] + random.NextInt64(jitterUs[path] + 1));
            lastArrival[path] = arrives;
            Trip trip = new((uint)(i + 1), path, ++pathSeq[path], sent, arrives);
            if (random.NextDouble() >= loss)
            {
                trips.Add(trip);
            }
        }

        return [.. trips.OrderBy(t => t.ArrivesUs).ThenBy(t => t.Path)];
    }

    // Feeds the arrivals, polling at each deadline between them as the receive loop's timer would.
    private static void Run<T>(ReorderBuffer<T> buffer, IEnumerable<Trip> arrivals, Func<Trip, T> packet, Action<long> clock)
    {
        foreach (Trip t in arrivals)
        {
            while (buffer.NextDeadlineUs >= 0 && buffer.NextDeadlineUs <= t.ArrivesUs)
            {
                clock(buffer.NextDeadlineUs);
                buffer.Poll(buffer.NextDeadlineUs);
            }

            clock(t.ArrivesUs);
            buffer.Receive(t.Path, t.Seq, t.PathSeq, t.ArrivesUs - t.SentUs, 1400, packet(t), t.ArrivesUs);
        }

        while (buffer.NextDeadlineUs >= 0)
        {
            clock(buffer.NextDeadlineUs);
            buffer.Poll(buffer.NextDeadlineUs);
        }
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.02)]
    [InlineData(2, 0.10)]
    [InlineData(3, 0.30)]
    public void Every_packet_that_arrives_comes_out_once_and_nothing_else_does(int seed, double loss)
    {
        Random random = new(seed);
        List<Trip> arrivals = Trips(random, 20_000, [10_000, 60_000, 25_000], [2_000, 8_000, 500], loss);
        List<uint> output = [];
        ReorderBuffer<Trip> buffer = new(3, new ReorderOptions(), t => output.Add(t.Seq));

        Run(buffer, arrivals, t => t, _ => { });

        Assert.Equal(arrivals.Select(a => a.Seq).Order(), output.Order());
        Assert.Equal(0, buffer.Waiting);
        Assert.Equal(0, buffer.Duplicates);
    }

    [Fact]
    public void Copies_of_a_duplicated_packet_come_out_once()
    {
        Random random = new(5);
        List<Trip> a = Trips(random, 5_000, [10_000, 30_000], [1_000, 3_000], 0.05, [0]);
        List<Trip> copies = [.. a.Select(t => t with { Path = 1, ArrivesUs = t.ArrivesUs + 20_000 }), .. a];
        List<uint> output = [];
        ReorderBuffer<Trip> buffer = new(2, new ReorderOptions(), t => output.Add(t.Seq));

        Run(buffer, copies.OrderBy(t => t.ArrivesUs), t => t, _ => { });

        Assert.Equal(a.Select(t => t.Seq).Order(), output.Order());
        Assert.Equal(a.Count, buffer.Duplicates);
    }

    [Fact]
    public void With_delay_equalization_every_packet_comes_out_in_order_at_the_slow_paths_delay_and_no_sooner()
    {
        Random random = new(12);
        List<Trip> arrivals = Trips(random, 20_000, [10_000, 60_000], [2_000, 2_000], 0);
        Dictionary<uint, long> sent = arrivals.ToDictionary(t => t.Seq, t => t.SentUs);
        long now = 0;
        List<(uint Seq, long AtUs)> output = [];
        ReorderBuffer<Trip> buffer = new(2, new ReorderOptions { EqualizeDelay = true }, t => output.Add((t.Seq, now)));
        buffer.Keepalive(0, 1, 10_000, -60_000);
        buffer.Keepalive(1, 1, 60_000, -40_000);

        Run(buffer, arrivals, t => t, at => now = at);

        Assert.Equal(Enumerable.Range(1, 20_000).Select(i => (uint)i), output.Select(o => o.Seq));
        long[] delays = [.. output.Select(o => o.AtUs - sent[o.Seq])];
        // The slow path's least delay is its base (60 ms); nothing comes out sooner, and only jitter later.
        Assert.True(delays.Min() >= 60_000, $"one came out after {delays.Min()} µs");
        Assert.True(delays.Max() <= 60_000 + 2_000 + 2_000, $"one came out after {delays.Max()} µs");
        Assert.Equal(0, buffer.GivenUp);
    }

    [Fact]
    public void In_order_when_the_paths_are_fifo_and_nothing_is_lost()
    {
        Random random = new(11);
        List<Trip> arrivals = Trips(random, 20_000, [10_000, 60_000], [2_000, 2_000], 0);
        List<uint> output = [];
        ReorderBuffer<Trip> buffer = new(2, new ReorderOptions(), t => output.Add(t.Seq));
        // The paths' keepalives before the first data: their delays are known from the start.
        buffer.Keepalive(0, 1, 10_000, -60_000);
        buffer.Keepalive(1, 1, 60_000, -40_000);

        Run(buffer, arrivals, t => t, _ => { });

        Assert.Equal(Enumerable.Range(1, 20_000).Select(i => (uint)i), output);
        Assert.Equal(0, buffer.GivenUp);
    }

    [Fact]
    public void A_gap_on_a_path_is_released_as_soon_as_every_carrying_path_has_passed_it()
    {
        List<(uint Seq, long AtUs)> output = [];
        long now = 0;
        ReorderBuffer<int> buffer = new(2, new ReorderOptions { MinHoldUs = 50_000 }, s => output.Add(((uint)s, now)));
        // Path 0 carries odd, path 1 even numbers, equal delay; number 5 (path 0) is lost.
        void Arrive(int path, uint seq, uint pathSeq, long at)
        {
            now = at;
            buffer.Receive(path, seq, pathSeq, 10_000, 1400, (int)seq, at);
        }

        Arrive(0, 1, 1, 1000);
        Arrive(1, 2, 1, 1500);
        Arrive(0, 3, 2, 2000);
        Arrive(1, 4, 2, 2500);
        Arrive(1, 6, 3, 3500);
        Assert.Equal(4, output.Count);
        // Path 0's next packet shows the gap: 6 and 7 go at once, long before the 50 ms hold.
        Arrive(0, 7, 4, 4000);
        Assert.Equal([(6u, 4000L), (7u, 4000L)], output.Skip(4));
        Assert.Equal(1, buffer.GivenUp);
        Assert.Equal(1, buffer.Paths[0].Lost);
    }

    [Fact]
    public void A_path_that_only_sends_keepalives_stops_a_gap_from_waiting_once_its_keepalive_has_passed_it()
    {
        List<uint> output = [];
        ReorderBuffer<int> buffer = new(2, new ReorderOptions { MinHoldUs = 100_000 }, s => output.Add((uint)s));
        // Path 1 is a backup the plan keeps idle: it only sends keepalives.
        buffer.Keepalive(1, 1, 30_000, 0);
        buffer.Receive(0, 1, 1, 10_000, 1400, 1, 1000);
        buffer.Receive(0, 3, 3, 10_000, 1400, 3, 3000);
        Assert.Equal([1u], output);
        // Its keepalive sent after number 2 shows 2 is not on the way there: path 0 lost it.
        buffer.Keepalive(1, 4, 30_000, 3500);
        Assert.Equal([1u, 3u], output);
        Assert.Equal(1, buffer.Paths[0].Lost);
    }

    [Theory]
    [InlineData(10_000, 10_000)]
    [InlineData(10_000, 60_000)]
    public void A_packet_waits_at_most_the_paths_delay_difference_and_a_few_jitters(long fast, long slow)
    {
        Random random = new(21);
        List<Trip> arrivals = Trips(random, 30_000, [fast, slow], [2_000, 2_000], 0.05);
        long now = 0;
        List<(uint Seq, long Held)> output = [];
        ReorderOptions options = new();
        ReorderBuffer<Trip> buffer = new(2, options, t => output.Add((t.Seq, now - t.ArrivesUs)));
        Run(buffer, arrivals, t => t, at => now = at);

        long bound = (slow - fast) + (options.JitterFactor * 2_000) + options.MinHoldUs;
        Assert.True(output.Max(o => o.Held) <= bound, $"held up to {output.Max(o => o.Held)} µs; bound {bound} µs");
        // As at the last arrival, with the fast path's keepalive just heard (this run has none, and a path without a word falls quiet).
        buffer.Keepalive(0, 30_001, fast, arrivals[^1].ArrivesUs);
        Assert.False(buffer.QuietPath);
        Assert.InRange(buffer.HoldUs, slow - fast, bound);
    }

    [Fact]
    public void What_a_cut_path_was_carrying_sent_again_on_the_other_comes_out_in_order_while_the_cut_path_is_quiet()
    {
        // Two 10 ms paths alternating every 500 µs; path 0 is cut at 95 ms (what was sent on it from 85 ms on never
        // comes). The sender suspects it at 150 ms and sends those again on path 1 from 170 ms (behind 20 ms it had
        // booked there), then everything new on path 1, 1.2 ms apart (a 10 Mbit/s path).
        List<Trip> arrivals = [];
        uint[] pathSeq = new uint[2];
        List<uint> lost = [];
        uint seq = 1;
        for (; seq * 500L < 150_000; seq++)
        {
            int path = (int)(seq % 2);
            long sent = seq * 500L;
            Trip trip = new(seq, path, ++pathSeq[path], sent, sent + 10_000);
            if (path == 0 && sent >= 85_000)
            {
                lost.Add(seq);
            }
            else
            {
                arrivals.Add(trip);
            }
        }

        long again = 170_000;
        foreach (uint resent in lost)
        {
            arrivals.Add(new Trip(resent, 1, ++pathSeq[1], again, again + 10_000));
            again += 1_200;
        }

        for (int i = 0; i < 100; i++, seq++, again += 1_200)
        {
            arrivals.Add(new Trip(seq, 1, ++pathSeq[1], again, again + 10_000));
        }

        arrivals = [.. arrivals.OrderBy(t => t.ArrivesUs)];
        List<uint> output = [];
        ReorderBuffer<Trip> buffer = new(2, new ReorderOptions(), t => output.Add(t.Seq));
        Run(buffer, arrivals, t => t, _ => { });

        // Given up after the usual 15 ms instead, the gaps would come out late, which TCP takes for losses.
        Assert.Equal(0, buffer.GivenUp);
        Assert.Equal(Enumerable.Range(1, (int)seq - 1).Select(i => (uint)i), output);
    }
}
