using System.Text;
using System.Text.Json;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation;

namespace NfBond.Telemetry.Tests;

public class AgentTests
{
    private sealed class FixedClock : IWallClock
    {
        public long UtcNowMs { get; set; } = 1_795_000_000_000;
    }

    private sealed class Rig
    {
        public readonly VirtualClock Clock = new();
        public readonly EventLoop Loop;
        public readonly FakeMqttClient Mqtt;
        public readonly TelemetryAgent Agent;
        public readonly FixedClock Wall = new();

        public Rig(IStorage? storage = null, int outboxBytes = 262144)
        {
            Loop = new EventLoop(Clock);
            Mqtt = new FakeMqttClient(Loop);
            TelemetryOptions options = new() { Site = "bakery", Device = "dev1", Secret = CommandTests.Secret, StateIntervalMs = 10_000, MaxQueuedBytes = outboxBytes, MaxQueuedEvents = outboxBytes / 60 };
            Agent = new TelemetryAgent(Loop, Mqtt, Wall, new HmacSha256(), options, storage)
            {
                WriteState = w => w.Member("links", 2),
                Commands = c => c.Name == "resync" ? null : "unsupported here",
            };
        }

        public void RunFor(long ms) => Loop.RunFor(Clock, ms);

        public List<JsonElement> On(string suffix) => Mqtt.Sent.Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal)).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();

        public void Event(string kind)
        {
            JsonWriter w = Agent.BeginEvent(kind);
            w.Member("link", "fiber");
            Agent.CommitEvent();
        }
    }

    [Fact]
    public void Connecting_sets_an_offline_will_and_publishes_birth_online_and_state_retained()
    {
        Rig rig = new();
        rig.Agent.Start();
        rig.RunFor(100);

        Assert.Equal("nfbond/v1/bakery/dev1/status", rig.Mqtt.Options!.WillTopic);
        Assert.Equal("offline", JsonDocument.Parse(rig.Mqtt.Options.WillPayload).RootElement.GetProperty("state").GetString());
        Assert.Equal("dev1", rig.Mqtt.Options.ClientId);
        Assert.Equal(["nfbond/v1/bakery/dev1/cmd"], rig.Mqtt.Subscriptions);
        JsonElement birth = rig.On("/birth").Single();
        Assert.Equal("nfbond/v1", birth.GetProperty("protocol").GetString());
        Assert.Equal("online", rig.On("/status").Single().GetProperty("state").GetString());
        Assert.Equal(2, rig.On("/state").Single().GetProperty("links").GetInt32());
        Assert.All(rig.Mqtt.Sent.Where(m => !m.Topic.EndsWith("/events", StringComparison.Ordinal)), m => Assert.True(m.Retain));

        rig.RunFor(30_000);
        Assert.Equal(4, rig.On("/state").Count);
    }

    [Fact]
    public void Events_from_an_outage_arrive_afterwards_in_order_exactly_once()
    {
        Rig rig = new();
        rig.Agent.Start();
        rig.RunFor(100);
        rig.Event("link_state");
        rig.RunFor(100);

        rig.Mqtt.DropConnection();
        for (int i = 0; i < 50; i++)
        {
            rig.Event(i % 2 == 0 ? "link_state" : "failover");
            rig.RunFor(1000);
        }

        Assert.Equal(50, rig.Agent.Outbox.Count);
        rig.Mqtt.BrokerUp = true;
        rig.RunFor(120_000);

        long[] seqs = rig.On("/events").Select(e => e.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i).ToArray(), seqs);
        Assert.Equal(0, rig.Agent.Outbox.Count);
        Assert.Equal(51, rig.Agent.EventsDelivered);
    }

    [Fact]
    public void A_restarted_controller_continues_its_sequence_so_the_fleet_keeps_its_events()
    {
        // Regression: every restart began again at seq 1 and the aggregator, deduplicating by (device, seq),
        // silently discarded the new events as already stored.
        MemoryStorage flash = new();
        Rig first = new(flash);
        first.Agent.Start();
        first.RunFor(100);
        for (int i = 0; i < 130; i++)
        {
            first.Event("link_state");
        }

        first.RunFor(60_000);
        long lastBefore = first.On("/events").Max(e => e.GetProperty("seq").GetInt64());
        Assert.Equal(130, lastBefore);

        Rig second = new(flash);
        second.Agent.Start();
        second.RunFor(100);
        second.Event("link_state");
        second.RunFor(1000);
        long firstAfter = second.On("/events").Single().GetProperty("seq").GetInt64();
        Assert.InRange(firstAfter, lastBefore + 1, lastBefore + 100);
        Assert.Equal(firstAfter, second.On("/birth").Single().GetProperty("next_seq").GetInt64());
    }

    [Fact]
    public void A_long_outage_on_a_small_board_spills_to_flash_and_every_event_arrives_once_in_order_even_across_a_restart()
    {
        MemoryStorage flash = new();
        Rig rig = new(flash, outboxBytes: 1024);
        rig.Agent.Start();
        rig.RunFor(100);
        rig.Mqtt.DropConnection();
        for (int i = 0; i < 300; i++)
        {
            rig.Event("link_state");
            rig.RunFor(1000);
        }

        Assert.Equal(0, rig.Agent.Outbox.TotalDropped);
        Assert.True(rig.Agent.Outbox.SpooledEvents > 250, $"{rig.Agent.Outbox.SpooledEvents} spooled");

        // Power cut: RAM is gone, the spool is not; the new run delivers the spool first, then its own events.
        long spooledUpTo = rig.Agent.Outbox.LastSeq - (rig.Agent.Outbox.Count - rig.Agent.Outbox.SpooledEvents);
        Rig after = new(flash, outboxBytes: 1024);
        after.Agent.Start();
        after.RunFor(100);
        after.Event("failover");
        after.RunFor(600_000);

        long[] seqs = after.On("/events").Select(e => e.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(1, (int)spooledUpTo).Select(i => (long)i), seqs[..^1]);
        Assert.True(seqs[^1] > 300, $"the new run's event has seq {seqs[^1]}");
        Assert.Equal(0, after.Agent.Outbox.Count);
    }

    [Fact]
    public void A_planned_restart_moves_waiting_events_to_flash_first()
    {
        MemoryStorage flash = new();
        Rig rig = new(flash);
        rig.Agent.Start();
        rig.RunFor(100);
        rig.Mqtt.DropConnection();
        for (int i = 0; i < 7; i++)
        {
            rig.Event("link_state");
        }

        rig.Agent.Stop();
        Rig after = new(flash);
        after.Agent.Start();
        after.RunFor(60_000);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], after.On("/events").Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public void Reconnects_back_off_from_one_second_to_a_minute()
    {
        Rig rig = new();
        rig.Mqtt.BrokerUp = false;
        rig.Agent.Start();
        rig.RunFor(300_000);
        long[] gaps = rig.Mqtt.ConnectTimes.Zip(rig.Mqtt.ConnectTimes.Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal([1005, 2005, 4005, 8005, 16005, 32005, 60005, 60005], gaps[..8]);
        Assert.Equal("connection refused", rig.Agent.LastConnectionError);
    }

    [Fact]
    public void Commands_are_answered_with_their_id_and_outcome()
    {
        Rig rig = new();
        rig.Agent.Start();
        rig.RunFor(100);
        long now = rig.Wall.UtcNowMs;
        rig.Mqtt.Deliver("nfbond/v1/bakery/dev1/cmd", CommandTests.Signed("c-1", "dev1", "resync", now));
        rig.Mqtt.Deliver("nfbond/v1/bakery/dev1/cmd", CommandTests.Signed("c-1", "dev1", "resync", now));
        rig.Mqtt.Deliver("nfbond/v1/bakery/dev1/cmd", CommandTests.Signed("c-2", "dev1", "reboot", now));
        rig.Mqtt.Deliver("nfbond/v1/bakery/dev1/cmd", Encoding.UTF8.GetBytes("{oops"));
        rig.RunFor(100);

        List<JsonElement> responses = rig.On("/cmd/res");
        Assert.Equal(4, responses.Count);
        Assert.True(responses[0].GetProperty("ok").GetBoolean());
        Assert.Equal("c-1", responses[0].GetProperty("id").GetString());
        Assert.Equal("replayed: command \"c-1\" was already accepted", responses[1].GetProperty("error").GetString());
        Assert.Equal("unsupported here", responses[2].GetProperty("error").GetString());
        Assert.StartsWith("not a JSON object", responses[3].GetProperty("error").GetString());
        Assert.Equal(2, rig.Agent.CommandsRejected);
    }
}
