using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>A path's rate follows its bottleneck under virtual time: a fluid model of a shaped link with a queue.</summary>
public class PathRateTests
{
    private const long IntervalUs = 100_000;
    private const long TargetUs = 10_000;

    // One interval of a bottleneck of capacity bytes/s fed at the rate (always busy): returns what it delivered; the queue in µs carries over.
    private static long Step(PathRate rate, long capacity, ref double queueUs, out long peakQueueUs)
    {
        double offered = rate.BytesPerSecond * (IntervalUs / 1e6);
        double backlog = (queueUs / 1e6 * capacity) + offered;
        double delivered = Math.Min(backlog, capacity * (IntervalUs / 1e6));
        queueUs = (backlog - delivered) / capacity * 1e6;
        peakQueueUs = (long)queueUs;
        rate.Report((long)delivered, IntervalUs, (long)queueUs, (long)offered, IntervalUs);
        return (long)delivered;
    }

    [Theory]
    [InlineData(2_500_000, 1_250_000)]
    [InlineData(2_500_000, 400_000)]
    [InlineData(6_000_000, 5_000_000)]
    public void A_rate_set_too_high_comes_down_to_the_bottleneck_and_keeps_its_queue_short(long ceiling, long capacity)
    {
        PathRate rate = new(ceiling, TargetUs);
        double queue = 0;
        for (int i = 0; i < 40; i++)
        {
            Step(rate, capacity, ref queue, out _);
        }

        // From then on, over a simulated minute: the path is used, and the queue stays far below a modem buffer's 50 ms.
        long delivered = 0;
        long worstQueue = 0;
        for (int i = 0; i < 600; i++)
        {
            delivered += Step(rate, capacity, ref queue, out long q);
            worstQueue = Math.Max(worstQueue, q);
        }

        double utilisation = delivered / (capacity * 60.0);
        Assert.True(utilisation > 0.9, $"used {utilisation:P0} of the bottleneck");
        Assert.True(worstQueue < 30_000, $"queue up to {worstQueue / 1000} ms");
        Assert.True(rate.Cuts > 0);
        Assert.InRange(rate.BytesPerSecond, capacity * 7 / 10, capacity * 12 / 10);
    }

    [Fact]
    public void A_path_that_gets_faster_again_is_probed_back_up_to_its_ceiling_and_never_beyond()
    {
        PathRate rate = new(2_500_000, TargetUs);
        double queue = 0;
        for (int i = 0; i < 50; i++)
        {
            Step(rate, 500_000, ref queue, out _);
        }

        Assert.InRange(rate.BytesPerSecond, 350_000, 600_000);
        int took = 0;
        while (rate.BytesPerSecond < 2_400_000 && took < 1000)
        {
            Step(rate, 10_000_000, ref queue, out _);
            took++;
        }

        // +1/32 per report: a sixfold climb in about 6 s.
        Assert.True(took < 80, $"back up after {took} reports");
        for (int i = 0; i < 100; i++)
        {
            Step(rate, 10_000_000, ref queue, out _);
        }

        Assert.Equal(2_500_000, rate.BytesPerSecond);
    }

    [Fact]
    public void A_path_given_little_is_neither_cut_nor_raised_and_noise_free_of_a_queue_is_not_a_cut()
    {
        PathRate rate = new(2_500_000, TargetUs);
        // Application-limited: a tenth of the rate offered, no queue.
        for (int i = 0; i < 100; i++)
        {
            rate.Report(25_000, IntervalUs, 3_000, 25_000, IntervalUs);
        }

        Assert.Equal(2_500_000, rate.BytesPerSecond);
        // Busy, delivered a little less (random loss on a radio link), no queue: no cut.
        for (int i = 0; i < 100; i++)
        {
            rate.Report(240_000, IntervalUs, 1_000, 250_000, IntervalUs);
        }

        Assert.Equal(0, rate.Cuts);
        Assert.Equal(2_500_000, rate.BytesPerSecond);
    }
}
