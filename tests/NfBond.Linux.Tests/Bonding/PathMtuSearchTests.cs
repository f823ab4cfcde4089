using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>Path MTU discovery by acknowledged probes, under virtual time, over paths that drop what is too large and lose some of the rest.</summary>
public class PathMtuSearchTests
{
    // Runs the search against a path carrying at most mtu bytes, losing a share of probes; returns the time it took to settle, µs.
    private static long Settle(PathMtuSearch search, Func<int> mtu, double loss, Random random, long startUs, long forUs)
    {
        long now = startUs;
        int searches = search.Searches;
        while (now < startUs + forUs)
        {
            int size = search.NextProbe(now);
            if (size > 0 && size <= mtu() && random.NextDouble() >= loss)
            {
                search.Acknowledged(size, now + 20_000);
            }

            now += 10_000;
            if (search.Searches > searches)
            {
                return now - startUs;
            }
        }

        return -1;
    }

    [Theory]
    [InlineData(1500, 0.0)]
    [InlineData(1492, 0.0)]
    [InlineData(1428, 0.1)]
    [InlineData(1400, 0.2)]
    [InlineData(1281, 0.0)]
    [InlineData(1280, 0.1)]
    public void A_path_that_silently_drops_large_packets_is_found_within_eight_bytes_and_never_above(int pathMtu, double loss)
    {
        Random random = new(pathMtu);
        for (int run = 0; run < 20; run++)
        {
            PathMtuSearch search = new(1500);
            long took = Settle(search, () => pathMtu, loss, random, 0, 60_000_000);
            Assert.True(took > 0, $"run {run}: no result in a minute");
            Assert.InRange(search.Mtu, Math.Min(pathMtu, 1500) - 8, Math.Min(pathMtu, 1500));
            // A handful of sizes, each up to three probes 200 ms apart.
            Assert.True(took < 6_000_000, $"run {run}: {took / 1000} ms to find {pathMtu}");
        }
    }

    [Fact]
    public void Until_the_configured_size_is_shown_too_large_it_is_used_and_while_searching_only_the_smallest()
    {
        PathMtuSearch search = new(1500);
        Assert.Equal(1500, search.Mtu);
        for (long now = 0; now < 700_000; now += 10_000)
        {
            search.NextProbe(now);
        }

        Assert.Equal(1280, search.Mtu);
    }

    [Fact]
    public void A_probe_the_local_stack_refuses_counts_as_too_large_at_once()
    {
        PathMtuSearch search = new(1500);
        long now = 0;
        int size = search.NextProbe(now);
        search.Refused(size, now);
        int next = search.NextProbe(now);
        Assert.True(next is > 1280 and < 1500, $"probed {next} next");
    }

    [Fact]
    public void A_result_is_probed_again_later_so_a_path_that_shrinks_or_grows_back_is_followed_and_a_good_result_holds_meanwhile()
    {
        Random random = new(5);
        int pathMtu = 1400;
        PathMtuSearch search = new(1500, revalidateUs: 10_000_000);
        long now = 0;
        now += Settle(search, () => pathMtu, 0, random, now, 60_000_000);
        Assert.InRange(search.Mtu, 1392, 1400);

        // Still 1400 at revalidation: the result holds while the largest is tried again.
        int least = int.MaxValue;
        long end = now + 15_000_000;
        for (; now < end; now += 10_000)
        {
            int size = search.NextProbe(now);
            if (size > 0 && size <= pathMtu)
            {
                search.Acknowledged(size, now);
            }

            least = Math.Min(least, search.Mtu);
        }

        Assert.True(least >= 1392, $"fell to {least} while revalidating");
        Assert.InRange(search.Mtu, 1392, 1400);

        // The path grows back to 1500: found at the next revalidation.
        pathMtu = 1500;
        long took = Settle(search, () => pathMtu, 0, random, now, 20_000_000);
        Assert.True(took > 0);
        now += took;
        Assert.Equal(1500, search.Mtu);

        // It shrinks to 1300: found at the next.
        pathMtu = 1300;
        Assert.True(Settle(search, () => pathMtu, 0, random, now, 20_000_000) > 0);
        Assert.InRange(search.Mtu, 1292, 1300);
    }
}
