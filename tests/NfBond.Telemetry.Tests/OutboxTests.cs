using System.Text;
using System.Text.Json;
using NfBond.Firmware.Telemetry;

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
}
