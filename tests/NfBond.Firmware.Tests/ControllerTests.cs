using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Simulation;
using NfBond.Simulation.Network;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Firmware.Tests;

/// <summary>The one controller composition on the simulated board, under virtual time.</summary>
public class ControllerTests
{
    private const string Site = """
        {"format":"nfbond-site/1","site":"practice","profile":"fast","dampening":{"enabled":false},"links":[
          {"name":"dsl","type":"dsl","provider":"A","interface":"wan1","downKbps":100000,"role":"primary"},
          {"name":"lte","type":"lte","provider":"B","interface":"wwan0","downKbps":50000,"role":"backup","modem":"modem1"}]}
        """;

    private const string TwoWiredLinks = """
        {"format":"nfbond-site/1","site":"workshop","profile":"gentle","dampening":{"enabled":false},"links":[
          {"name":"fiber","type":"fiber","provider":"A","interface":"wan1","downKbps":100000,"upKbps":20000,"role":"primary"},
          {"name":"cable","type":"cable","provider":"B","interface":"wan2","downKbps":50000,"upKbps":10000,"role":"primary"}]}
        """;

    private static readonly BoardDefinition s_board = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json"))).Board!;

    private sealed class Witness : ILinkHints
    {
        public LinkHintHandler? Suspected { get; set; }
    }

    private sealed class FixedWallClock : IWallClock
    {
        public long UtcNowMs => 1_780_000_000_000;
    }

    private static (FirmwareController Controller, SimulatedPlatform Platform, EventLog Log) Compose(EventLoop loop, SiteDefinition site, SimulatedNetwork network,
        SimulatedVrrpSegment? segment = null, uint address = 0)
    {
        EventLog log = new(loop.Clock, 256);
        SimulatedPlatform platform = new(loop, network, new MemoryStorage(), new FixedWallClock(), null, _ => { }, segment, address);
        return (new FirmwareController(loop, s_board, site, platform, null, log), platform, log);
    }

    private static SiteDefinition PairSite(int priority)
    {
        string json = Site.Replace("\"links\":[", "\"redundancy\":{\"interface\":\"lan0\",\"vrid\":51,\"priority\":" + priority
            + ",\"advertMs\":100,\"virtualAddresses\":[\"192.168.1.1\"],\"weightPerLink\":60},\"links\":[", StringComparison.Ordinal);
        SiteReadResult read = SiteDefinitionReader.Read(json);
        Assert.True(read.Site != null, string.Join("; ", read.Problems.ToArray()));
        return read.Site!;
    }

    [Fact]
    public void The_vrrp_role_is_in_the_state_and_every_role_change_is_an_event()
    {
        VirtualClock clock = new(1_000);
        EventLoop loop = new(clock);
        SimulatedVrrpSegment segment = new(loop);
        FakeMqttClient mqtt = new(loop);
        SimulatedPlatform platform = new(loop, new SimulatedNetwork(loop), new MemoryStorage(), new FixedWallClock(), mqtt, _ => { }, segment, 0xC0A80102);
        Telemetry.TelemetryOptions telemetry = new() { Site = "practice", Device = "ctl-a", Secret = new byte[32], StateIntervalMs = 5_000 };
        FirmwareController controller = new(loop, s_board, PairSite(150), platform, telemetry, new EventLog(clock, 64));

        controller.Start();
        loop.RunFor(clock, 20_000);

        Assert.Equal(VrrpState.Master, controller.Vrrp!.State);
        string state = System.Text.Encoding.UTF8.GetString(mqtt.Sent.Last(m => m.Topic == "nfbond/v1/practice/ctl-a/state").Payload);
        Assert.Contains("\"role\":\"master\"", state, StringComparison.Ordinal);
        Assert.Contains(mqtt.Sent.Select(m => (m.Topic, Text: System.Text.Encoding.UTF8.GetString(m.Payload))), m => m.Topic.EndsWith("/events", StringComparison.Ordinal)
            && m.Text.Contains("\"kind\":\"vrrp_role\"", StringComparison.Ordinal) && m.Text.Contains("\"to\":\"master\"", StringComparison.Ordinal));
        controller.Stop();
    }

    [Fact]
    public void A_data_cap_crossed_at_snapshot_time_is_an_event_and_the_snapshot_stays_valid_json()
    {
        // Regression: the cap check ran inside the snapshot and its data_cap event reset the shared writer,
        // so the state published was broken JSON (the aggregator refused it) exactly when a cap was crossed.
        VirtualClock clock = new(1_000);
        EventLoop loop = new(clock);
        FakeMqttClient mqtt = new(loop);
        SimulatedTraffic traffic = new();
        SimulatedPlatform platform = new(loop, new SimulatedNetwork(loop), new MemoryStorage(), new FixedWallClock(), mqtt, _ => { }) { Traffic = traffic };
        Telemetry.TelemetryOptions telemetry = new() { Site = "practice", Device = "ctl-a", Secret = new byte[32], StateIntervalMs = 5_000 };
        SiteDefinition site = SiteDefinitionReader.Read(Site.Replace("\"modem\":\"modem1\"", "\"modem\":\"modem1\",\"cost\":\"metered\",\"capMb\":1", StringComparison.Ordinal)).Site!;
        FirmwareController controller = new(loop, s_board, site, platform, telemetry, new EventLog(clock, 64));

        controller.Start();
        loop.RunFor(clock, 20_000);
        traffic.Add("wwan0", 900_000);
        loop.RunFor(clock, 20_000);
        controller.Stop();

        List<string> states = mqtt.Sent.Where(m => m.Topic.EndsWith("/state", StringComparison.Ordinal)).Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)).ToList();
        Assert.True(states.Count > 4, $"{states.Count} snapshots");
        foreach (string state in states)
        {
            using System.Text.Json.JsonDocument parsed = System.Text.Json.JsonDocument.Parse(state);
            Assert.True(parsed.RootElement.TryGetProperty("links", out _), state);
        }

        Assert.Contains(mqtt.Sent, m => m.Topic.EndsWith("/events", StringComparison.Ordinal) && System.Text.Encoding.UTF8.GetString(m.Payload).Contains("\"kind\":\"data_cap\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_going_down_is_in_a_state_snapshot_at_once_not_at_the_next_interval()
    {
        VirtualClock clock = new(1_000);
        EventLoop loop = new(clock);
        FakeMqttClient mqtt = new(loop);
        SimulatedNetwork network = new(loop);
        SimulatedPlatform platform = new(loop, network, new MemoryStorage(), new FixedWallClock(), mqtt, _ => { });
        Telemetry.TelemetryOptions telemetry = new() { Site = "practice", Device = "ctl-a", Secret = new byte[32], StateIntervalMs = 60_000 };
        FirmwareController controller = new(loop, s_board, SiteDefinitionReader.Read(Site).Site!, platform, telemetry, new EventLog(clock, 64));
        controller.Start();
        loop.RunFor(clock, 70_000);

        network.Cut("wan1");
        long cut = loop.NowMs;
        int before = mqtt.Sent.Count;
        loop.RunFor(clock, 10_000);
        controller.Stop();

        string? down = mqtt.Sent.Skip(before).Where(m => m.Topic.EndsWith("/state", StringComparison.Ordinal)).Select(m => System.Text.Encoding.UTF8.GetString(m.Payload))
            .FirstOrDefault(s => s.Contains("\"name\":\"dsl\",\"type\":\"dsl\",\"role\":\"primary\",\"modem\":\"\",\"state\":\"down\"", StringComparison.Ordinal));
        Assert.True(down != null, "no snapshot with dsl down within 10 s of the cut (interval 60 s)");
    }

    [Fact]
    public void Stop_reports_run_time_not_clock_origin()
    {
        // Regression: on the real clock NowMs is time since boot, so "stopped after" showed uptime.
        VirtualClock clock = new(5_000_000);
        EventLoop loop = new(clock);
        (FirmwareController controller, _, EventLog log) = Compose(loop, SiteDefinitionReader.Read(Site).Site!, new SimulatedNetwork(loop));

        controller.Start();
        loop.RunFor(clock, 42_000);
        controller.Stop();

        Assert.Equal("stopped after 42 s of loop time", log.Get(log.Count - 1).Message);
    }

    [Fact]
    public void Over_a_simulated_day_the_status_led_blinks_at_exactly_one_hertz()
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        // No modem link: then every timer left armed after Stop would be the controller's own.
        SiteDefinition site = SiteDefinitionReader.Read(Site.Replace(",\"modem\":\"modem1\"", string.Empty, StringComparison.Ordinal)).Site!;
        (FirmwareController controller, SimulatedPlatform platform, EventLog log) = Compose(loop, site, new SimulatedNetwork(loop));

        controller.Start();
        loop.RunFor(clock, 1_000);
        Assert.Contains("2 modem port(s)", log.Get(0).Message);
        Assert.Equal("modem2: SIM7600 on COM3 at 115200 baud, power key GPIO 27, reset GPIO 14", log.Get(2).Message);
        loop.RunFor(clock, 86_399_000);

        SimulatedGpioLine led = platform.SimulatedGpio.Line(s_board.StatusLedPin);
        Assert.Equal(172_800, led.Changes.Count);
        for (int i = 0; i < led.Changes.Count; i++)
        {
            Assert.Equal((i + 1) * FirmwareController.HeartbeatHalfPeriodMs, led.Changes[i].TimeMs);
            Assert.Equal(i % 2 == 0, led.Changes[i].High);
        }

        controller.Stop();
        Assert.False(led.IsHigh);
        Assert.False(controller.IsRunning);
        // Probe answers already on the simulated wire still arrive; after that nothing of the controller ticks.
        loop.RunFor(clock, 5_000);
        Assert.Equal(0, loop.ArmedTimerCount);
    }

    [Fact]
    public void The_modem_link_comes_up_through_the_supervisor_on_the_boards_uart_and_power_key()
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        (FirmwareController controller, SimulatedPlatform platform, _) = Compose(loop, SiteDefinitionReader.Read(Site).Site!, new SimulatedNetwork(loop));

        controller.Start();
        loop.RunFor(clock, 60_000);

        Assert.Single(controller.Modems);
        Assert.True(controller.Modems[0].IsDataReady, "modem1 did not reach data ready in 60 s");
        Assert.Equal(Links.LinkState.Up, controller.Monitor.Find("lte")!.State);
        // The board's power key (GPIO 25, active high) was pulsed to switch the simulated EC25 on.
        Assert.Contains(platform.SimulatedGpio.Line(25).Changes, c => c.High);
        controller.Stop();
    }

    public static TheoryData<string> Boards => new(Directory.GetFiles(Path.Combine(RepoPaths.Root, "boards"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Boards))]
    public void Every_board_file_validates_and_brings_its_first_modem_to_data_ready(string file)
    {
        BoardReadResult read = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", file)));
        Assert.True(read.Board != null, string.Join("; ", read.Problems.ToArray()));
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedPlatform platform = new(loop, new SimulatedNetwork(loop), new MemoryStorage(), new FixedWallClock(), null, _ => { });
        FirmwareController controller = new(loop, read.Board!, SiteDefinitionReader.Read(Site).Site!, platform, null, new EventLog(clock, 64));

        controller.Start();
        loop.RunFor(clock, 90_000);

        Assert.True(controller.Modems[0].IsDataReady, $"{file}: {read.Board!.Modems[0].Model} on {read.Board.Modems[0].Uart.Port} did not reach data ready");
        Assert.Contains(platform.SimulatedGpio.Line(read.Board.Modems[0].PowerKeyPin).Changes, c => c.High == read.Board.Modems[0].PowerKeyActiveHigh);
        controller.Stop();
    }

    [Fact]
    public void A_link_naming_a_modem_the_board_lacks_is_refused_by_name()
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SiteDefinition site = SiteDefinitionReader.Read(Site.Replace("modem1", "modem9", StringComparison.Ordinal)).Site!;

        ArgumentException error = Assert.Throws<ArgumentException>(() => Compose(loop, site, new SimulatedNetwork(loop)));
        Assert.Equal("link \"lte\" uses modem \"modem9\", which board esp32-devkitc-2modem does not have", error.Message);
    }

    [Fact]
    public void A_pair_elects_one_master_and_the_backup_takes_over_when_the_masters_links_fail()
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedVrrpSegment segment = new(loop);
        SimulatedNetwork networkA = new(loop, seed: 1);
        SimulatedNetwork networkB = new(loop, seed: 2);
        (FirmwareController a, SimulatedPlatform platformA, _) = Compose(loop, PairSite(150), networkA, segment, 0xC0A80102);
        (FirmwareController b, SimulatedPlatform platformB, _) = Compose(loop, PairSite(100), networkB, segment, 0xC0A80103);
        List<(string Who, VrrpEvent Event)> changes = [];
        a.Vrrp!.EventRaised += e => changes.Add(("a", e));
        b.Vrrp!.EventRaised += e => changes.Add(("b", e));

        a.Start();
        b.Start();
        loop.RunFor(clock, 90_000);
        Assert.Equal(VrrpState.Master, a.Vrrp.State);
        Assert.Equal(VrrpState.Backup, b.Vrrp.State);
        Assert.True(platformA.VrrpMember!.HoldsAddresses);
        Assert.False(platformB.VrrpMember!.HoldsAddresses);

        // a's primary fails: 150 - 60 per unusable link puts it below b's 100, and b preempts.
        long cut = clock.NowMs;
        networkA.Cut("wan1");
        loop.RunFor(clock, 30_000);

        Assert.Equal(VrrpState.Master, b.Vrrp.State);
        Assert.Equal(VrrpState.Backup, a.Vrrp.State);
        Assert.True(platformB.VrrpMember.HoldsAddresses);
        (string who, VrrpEvent takeover) = changes.Last(c => c.Event.To == VrrpState.Master);
        Assert.Equal("b", who);
        // Detection (fast: 3 x 100 ms + 20) plus the backup's master-down interval (3 x 100 ms + skew).
        Assert.InRange(takeover.TimeMs - cut, 300, 1_000);
        a.Stop();
        b.Stop();
    }

    [Fact]
    public async Task A_link_the_witness_saw_fail_goes_down_at_its_first_failed_round_and_a_wrong_name_is_logged()
    {
        VirtualClock clock = new(1_000);
        EventLoop loop = new(clock);
        SimulatedNetwork network = new(loop);
        Witness witness = new();
        SimulatedPlatform platform = new(loop, network, new MemoryStorage(), new FixedWallClock(), null, _ => { }) { LinkHints = witness };
        EventLog log = new(clock, 256);
        FirmwareController controller = new(loop, s_board, SiteDefinitionReader.Read(TwoWiredLinks).Site!, platform, null, log);
        controller.Start();
        loop.RunFor(clock, 5_000);
        Assert.NotNull(witness.Suspected);

        network.Cut("wan1");
        loop.RunFor(clock, 200);
        // From the tunnel's own thread, as BondSteering calls.
        await Task.Run(() =>
        {
            witness.Suspected!("fiber", "the bonding server was not heard on it for 200 ms while it was on cable");
            witness.Suspected!("dsl", "a link this site does not have");
        });
        long start = clock.NowMs;
        while (controller.Monitor.Find("fiber")!.State == LinkState.Up && clock.NowMs - start < 10_000)
        {
            loop.RunFor(clock, 10);
        }

        string[] lines = [.. Enumerable.Range(0, log.Count).Select(i => log.Get(i).Message)];
        Assert.True(clock.NowMs - start <= 2 * 900, $"down {clock.NowMs - start} ms after the hint:\n{string.Join("\n", lines)}");
        Assert.Contains(lines, l => l.Contains("fiber: the bonding server was not heard on it for 200 ms while it was on cable; probing it now", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("a hint names link \"dsl\", which the site does not have", StringComparison.Ordinal));
        Assert.Equal(LinkState.Up, controller.Monitor.Find("cable")!.State);
        Assert.Equal(0, controller.Scheduler.Plan.Weights[0]);

        controller.Stop();
        Assert.Null(witness.Suspected);
    }
}
