using System.Text;
using System.Text.Json;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Simulation;

namespace NfBond.Telemetry.Tests;

public class OutboxTests
{
    private static byte[] Event(long seq) => Encoding.UTF8.GetBytes($"{{\"seq\":{seq},\"kind\":\"link_state\"}}");

    [Fact]
    public void Events_leave_in_order_and_only_when_acknowledged()
    {
        Outbox box = new(10, 10_000);
        for (long s = 1; s <= 3; s++)
        {
            box.Add(s, Event(s));
        }

        Assert.True(box.TryPeek(out long seq, out _, out _));
        Assert.Equal(1, seq);
        Assert.True(box.TryPeek(out seq, out _, out _));
        Assert.Equal(1, seq);
        box.Remove(1);
        box.Remove(1);
        Assert.True(box.TryPeek(out seq, out _, out _));
        Assert.Equal(2, seq);
        Assert.Equal(2, box.Count);
    }

    [Fact]
    public void A_full_outbox_drops_the_oldest_and_reports_the_loss_in_their_place()
    {
        Outbox box = new(5, 10_000);
        for (long s = 1; s <= 12; s++)
        {
            box.Add(s, Event(s));
        }

        Assert.Equal(7, box.TotalDropped);
        Assert.True(box.TryPeek(out long seq, out byte[] payload, out int length));
        JsonElement report = JsonDocument.Parse(payload.AsMemory(0, length)).RootElement;
        Assert.Equal("events_dropped", report.GetProperty("kind").GetString());
        Assert.Equal(7, seq);
        Assert.Equal(1, report.GetProperty("first_seq").GetInt64());
        Assert.Equal(7, report.GetProperty("last_seq").GetInt64());
        Assert.Equal(7, report.GetProperty("count").GetInt64());
        box.Remove(seq);

        List<long> rest = [];
        while (box.TryPeek(out seq, out _, out _))
        {
            rest.Add(seq);
            box.Remove(seq);
        }

        Assert.Equal([8, 9, 10, 11, 12], rest);
    }

    [Fact]
    public void The_byte_bound_holds_too()
    {
        Outbox box = new(1000, 100);
        for (long s = 1; s <= 50; s++)
        {
            box.Add(s, Event(s));
            Assert.True(box.Bytes <= 100);
        }

        Assert.True(box.TotalDropped > 40);
    }

    private sealed class FailingStorage : IStorage
    {
        public string? Read(string name) => null;

        public string? Write(string name, string text) => "I:\\" + name + ": no space left on the flash file system";
    }

    private static List<long> DrainAll(Outbox box)
    {
        List<long> sent = [];
        while (box.TryPeek(out long seq, out byte[] payload, out int length))
        {
            Assert.Equal(seq, JsonDocument.Parse(payload.AsMemory(0, length)).RootElement.GetProperty("seq").GetInt64());
            sent.Add(seq);
            box.Remove(seq);
        }

        return sent;
    }

    [Fact]
    public void A_full_ram_outbox_spills_to_flash_and_nothing_is_lost_or_reordered()
    {
        MemoryStorage flash = new();
        Outbox box = new(10, 400, flash, 32);
        for (long s = 1; s <= 200; s++)
        {
            box.Add(s, Event(s));
            Assert.True(box.Bytes <= 400);
        }

        Assert.Equal(0, box.TotalDropped);
        Assert.Equal(200, box.Count);
        Assert.True(box.SpooledEvents > 150, $"{box.SpooledEvents} spooled");
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), DrainAll(box));
        Assert.Equal(0, box.Count);
        Assert.Equal("nfbond-spool/1\n", flash.Read(Outbox.IndexName));
    }

    [Fact]
    public void Spooled_events_survive_a_restart_and_are_sent_first()
    {
        MemoryStorage flash = new();
        Outbox before = new(5, 10_000, flash, 8);
        for (long s = 1; s <= 12; s++)
        {
            before.Add(s, Event(s));
        }

        // A restart loses RAM (11, 12) but not the two spooled segments.
        Outbox after = new(5, 10_000, flash, 8);
        Assert.Equal("", after.LastSpoolError);
        Assert.Equal(10, after.LastSeq);
        after.Add(13, Event(13));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13], DrainAll(after));
    }

    [Fact]
    public void A_partly_delivered_segment_resumes_where_it_stopped_and_the_fleet_deduplicates_the_rest()
    {
        MemoryStorage flash = new();
        Outbox box = new(5, 10_000, flash, 8);
        for (long s = 1; s <= 6; s++)
        {
            box.Add(s, Event(s));
        }

        Assert.True(box.TryPeek(out long seq, out _, out _));
        box.Remove(seq);
        Assert.True(box.TryPeek(out seq, out _, out _));
        Assert.Equal(2, seq);
        box.Remove(seq);

        Outbox restarted = new(5, 10_000, flash, 8);
        Assert.Equal([1, 2, 3, 4, 5], DrainAll(restarted));
    }

    [Fact]
    public void When_every_spool_segment_is_used_the_oldest_segment_is_dropped_and_reported()
    {
        MemoryStorage flash = new();
        Outbox box = new(5, 10_000, flash, 2);
        for (long s = 1; s <= 17; s++)
        {
            box.Add(s, Event(s));
        }

        Assert.Equal(5, box.TotalDropped);
        Assert.True(box.TryPeek(out long seq, out byte[] payload, out int length));
        JsonElement report = JsonDocument.Parse(payload.AsMemory(0, length)).RootElement;
        Assert.Equal("events_dropped", report.GetProperty("kind").GetString());
        Assert.Equal(1, report.GetProperty("first_seq").GetInt64());
        Assert.Equal(5, report.GetProperty("last_seq").GetInt64());
        Assert.Equal("outbox and flash spool full while the broker was unreachable", report.GetProperty("reason").GetString());
        Assert.Equal(5, seq);
        box.Remove(seq);
        Assert.Equal(Enumerable.Range(6, 12).Select(i => (long)i), DrainAll(box));
    }

    [Fact]
    public void A_flash_that_refuses_writes_is_named_and_ram_drops_as_before()
    {
        Outbox box = new(5, 10_000, new FailingStorage(), 8);
        for (long s = 1; s <= 12; s++)
        {
            box.Add(s, Event(s));
        }

        Assert.Equal("spilling events 7-11 to flash failed: I:\\outbox-0.jsonl: no space left on the flash file system", box.LastSpoolError);
        Assert.Equal(7, box.TotalDropped);
        Assert.Equal(6, box.Count);
    }

    [Fact]
    public void A_damaged_segment_is_reported_as_dropped_and_the_rest_still_flows()
    {
        MemoryStorage flash = new();
        Outbox box = new(5, 10_000, flash, 8);
        for (long s = 1; s <= 13; s++)
        {
            box.Add(s, Event(s));
        }

        flash.Write("outbox-0.jsonl", "{\"seq\":1}\n");
        Outbox restarted = new(5, 10_000, flash, 8);
        Assert.True(restarted.TryPeek(out long seq, out byte[] payload, out int length));
        Assert.Equal("outbox-0.jsonl holds 1 events where the index lists 5 (1-5); reported as dropped", restarted.LastSpoolError);
        Assert.Equal(5, JsonDocument.Parse(payload.AsMemory(0, length)).RootElement.GetProperty("last_seq").GetInt64());
        restarted.Remove(seq);
        Assert.Equal([6, 7, 8, 9, 10], DrainAll(restarted));
    }

    [Fact]
    public void A_damaged_index_is_named_and_ignored()
    {
        MemoryStorage flash = new();
        flash.Write(Outbox.IndexName, "nfbond-spool/1\n0 1 5\n7 6 2\n");
        Outbox box = new(5, 10_000, flash, 8);
        Assert.Equal("outbox.idx line 3: \"7 6 2\" is not \"number firstSeq lastSeq\" following the line before; the spool from there on was not read", box.LastSpoolError);
        Assert.Equal(5, box.LastSeq);
    }

    [Fact]
    public void Sequence_numbers_must_follow_each_other()
    {
        Outbox box = new(5, 10_000);
        box.Add(7, Event(7));
        Assert.Equal("outbox sequence 9 does not follow 7", Assert.Throws<ArgumentException>(() => box.Add(9, Event(9))).Message);
    }
}
