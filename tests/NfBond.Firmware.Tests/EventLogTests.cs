using NfBond.Firmware.Runtime;

namespace NfBond.Firmware.Tests;

public class EventLogTests
{
    [Fact]
    public void A_full_ring_keeps_the_newest_records_and_counts_the_overwritten()
    {
        VirtualClock clock = new();
        EventLog log = new(clock, 3);
        List<long> seen = [];
        log.Logged = entry => seen.Add(entry.Sequence);
        for (int i = 1; i <= 5; i++)
        {
            clock.AdvanceTo(i * 10);
            log.Add("test", $"event {i}");
        }

        Assert.Equal(3, log.Count);
        Assert.Equal(5, log.Total);
        Assert.Equal(2, log.Overwritten);
        Assert.Equal("event 3", log.Get(0).Message);
        Assert.Equal(30, log.Get(0).TimeMs);
        Assert.Equal(5, log.Get(2).Sequence);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Get(3));
    }

    [Fact]
    public void Adding_constant_records_allocates_nothing()
    {
        EventLog log = new(new VirtualClock(), 64);
        for (int i = 0; i < 1_000; i++)
        {
            log.Add("modem1", "registered");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            log.Add("modem1", "registered");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
