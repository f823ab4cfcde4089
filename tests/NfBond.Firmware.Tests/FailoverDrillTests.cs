using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Simulation;
using NfBond.Simulation.Network;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Firmware.Tests;

/// <summary>
/// Failover drills on the one controller composition, under virtual time: the run_drill command signed as
/// the aggregator signs it, the controller's events read back from what it publishes.
/// </summary>
public class FailoverDrillTests
{
    private const long WallMs = 1_780_000_000_000;
    private const string Site = """
        {"format":"nfbond-site/1","site":"shop","profile":"fast","dampening":{"enabled":false},"links":[
          {"name":"dsl","type":"dsl","provider":"A","interface":"wan1","downKbps":100000,"role":"primary"},
          {"name":"cable","type":"cable","provider":"B","interface":"wan2","downKbps":50000,"role":"backup"}]}
        """;

    private static readonly BoardDefinition s_board = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json"))).Board!;
    private static readonly byte[] s_secret = new byte[32];

    private readonly VirtualClock _clock = new(1_000);
    private readonly EventLoop _loop;
    private readonly FakeMqttClient _mqtt;
    private readonly SimulatedNetwork _network;
    private readonly FirmwareController _controller;
    private int _commands;

    public FailoverDrillTests()
    {
        _loop = new EventLoop(_clock);
        _mqtt = new FakeMqttClient(_loop);
        _network = new SimulatedNetwork(_loop);
        SimulatedPlatform platform = new(_loop, _network, new MemoryStorage(), new FixedWallClock(), _mqtt, _ => { });
        Telemetry.TelemetryOptions telemetry = new() { Site = "shop", Device = "ctl", Secret = s_secret, StateIntervalMs = 30_000 };
        _controller = new FirmwareController(_loop, s_board, SiteDefinitionReader.Read(Site).Site!, platform, telemetry, new EventLog(_clock, 64));
        _controller.Start();
        _loop.RunFor(_clock, 20_000);
        Assert.Equal([LinkState.Up, LinkState.Up], _controller.Monitor.Links.Select(l => l.State));
    }

    [Fact]
    public void A_drill_moves_the_traffic_proves_the_backup_carried_it_throughout_and_sees_the_link_back()
    {
        Drill("dsl", 30);
        JsonElement started = Assert.Single(Events("drill_started"));
        Assert.Equal("traffic moved to cable 1000 in 0 ms", started.GetProperty("detail").GetString());
        Assert.Empty(Events("drill_result"));
        _loop.RunFor(_clock, 29_000);
        Assert.Equal(0, _controller.Scheduler.Plan.Weights[0]);
        Assert.Empty(Events("drill_result"));

        _loop.RunFor(_clock, 15_000);
        JsonElement result = Assert.Single(Events("drill_result"));
        Assert.True(result.GetProperty("ok").GetBoolean(), result.GetRawText());
        Assert.Equal(0, result.GetProperty("restore_ms").GetInt64());
        Assert.InRange(result.GetProperty("carried_ms").GetInt64(), 30_000 - FailoverDrillWatch, 30_000 + FailoverDrillWatch);
        long back = result.GetProperty("back_ms").GetInt64();
        Assert.InRange(back, 0, 10_000);
        Assert.StartsWith("traffic moved to cable 1000 in 0 ms and was carried for 30.0 s; dsl back ", result.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1000, _controller.Scheduler.Plan.Weights[0]);
    }

    [Fact]
    public void A_backup_that_fails_during_the_drill_calls_it_off_and_the_primary_takes_the_traffic_back()
    {
        Drill("dsl", 600);
        _loop.RunFor(_clock, 10_000);
        _network.Cut("wan2");
        long cut = _loop.NowMs;

        // Without the call-off the shop would be offline for the ten minutes the drill was given.
        _loop.RunFor(_clock, 20_000);
        JsonElement result = Assert.Single(Events("drill_result"));
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Matches("^traffic stopped 1[0-9] s into the drill: no other link carried it; the drill was called off; dsl back [0-9]\\.[0-9] s after the drill$", result.GetProperty("detail").GetString());
        Assert.Equal(1000, _controller.Scheduler.Plan.Weights[0]);
        // The shop was without a carrying link from the cable's failure until dsl was back: detection plus dsl's rise.
        long offlineMs = _controller.Monitor.Links[0].StateSinceMs - cut;
        Assert.InRange(offlineMs, 0, 5_000);
    }

    [Fact]
    public void A_drill_with_no_other_link_up_is_not_started_and_reported_failed()
    {
        _network.Cut("wan2");
        _loop.RunFor(_clock, 10_000);
        Assert.Equal(LinkState.Down, _controller.Monitor.Links[1].State);

        Drill("dsl", 60);
        _loop.RunFor(_clock, 1_000);
        JsonElement result = Assert.Single(Events("drill_result"));
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("no other link is up to carry the traffic; the drill was not started and dsl kept it", result.GetProperty("detail").GetString());
        Assert.Equal(LinkState.Up, _controller.Monitor.Links[0].State);
        Assert.Empty(Events("drill_started"));
    }

    [Fact]
    public void A_second_drill_while_one_runs_is_refused_with_the_reason()
    {
        Drill("dsl", 30);
        Drill("cable", 30);
        JsonElement answer = _mqtt.Sent.Where(m => m.Topic.EndsWith("/cmd/res", StringComparison.Ordinal)).Select(m => JsonDocument.Parse(m.Payload).RootElement).Last();
        Assert.Equal("a drill of dsl is running; one at a time", answer.GetProperty("error").GetString());
    }

    private const long FailoverDrillWatch = Controller.FailoverDrill.WatchPeriodMs;

    private void Drill(string link, int seconds)
    {
        string body = $"{{\"id\":\"d-{++_commands}\",\"device\":\"ctl\",\"cmd\":\"run_drill\",\"ts\":{WallMs},\"args\":{{\"link\":\"{link}\",\"seconds\":{seconds}}}}}";
        string sig = Convert.ToHexString(HMACSHA256.HashData(s_secret, Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        _mqtt.Deliver("nfbond/v1/shop/ctl/cmd", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { body, sig })));
        _loop.RunFor(_clock, 10);
    }

    private List<JsonElement> Events(string kind) => [.. _mqtt.Sent.Where(m => m.Topic.EndsWith("/events", StringComparison.Ordinal))
        .Select(m => JsonDocument.Parse(m.Payload).RootElement).Where(e => e.GetProperty("kind").GetString() == kind)];

    private sealed class FixedWallClock : IWallClock
    {
        public long UtcNowMs => WallMs;
    }
}
