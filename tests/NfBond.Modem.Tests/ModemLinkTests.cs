using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Hal;
using NfBond.Simulation.Modems;

namespace NfBond.Modem.Tests;

/// <summary>A cellular link probed by its own modem's ping and tied to the modem's state.</summary>
public class ModemLinkTests
{
    private static (SupervisorRig Rig, LinkMonitor Monitor, LinkWatch Link, List<LinkEvent> Events) CellularLink(ModemPersonality personality, string model)
    {
        SupervisorRig rig = new(personality, model: model);
        ModemPingTransport ping = new(rig.Loop, rig.Supervisor, ModemDialects.ForModel(model), "wwan0");
        LinkDefinition lte = new()
        {
            Name = "lte",
            Type = LinkType.Lte,
            Interface = "wwan0",
            Modem = "modem1",
            Role = LinkRole.Primary,
            DownKbps = 50_000,
            Detection = new DetectionSettings { IntervalMs = 5000, TimeoutMs = 4000, Misses = 2, SkewMs = 500, Rise = 2, UpHoldMs = 0 },
            Targets = [new ProbeTarget { Kind = ProbeKind.ModemPing, Host = "8.8.8.8" }],
        };
        LinkMonitor monitor = new(rig.Loop, [lte], new DampeningSettings { Enabled = false }, [ping]);
        List<LinkEvent> events = [];
        monitor.EventRaised += events.Add;
        ModemLinkBinding.Bind(rig.Supervisor, monitor, monitor.Links[0]);
        return (rig, monitor, monitor.Links[0], events);
    }

    [Theory]
    [InlineData("ec25", "EC25")]
    [InlineData("sim7600", "SIM7600")]
    public void Modem_ping_brings_the_link_up_once_the_modem_is_data_ready(string personality, string model)
    {
        (SupervisorRig rig, LinkMonitor monitor, LinkWatch link, _) = CellularLink(ModemPersonality.ByName(personality), model);
        rig.Supervisor.Start();
        monitor.Start();
        rig.RunUntilDataReady(120_000);
        Assert.NotEqual(LinkState.Up, link.State);

        rig.RunUntil(() => link.State == LinkState.Up, 60_000);
        Assert.True(link.Statistics.LatencyMicros > 0);
    }

    [Fact]
    public void A_hung_modem_takes_its_link_down_with_the_modems_reason_and_the_link_returns_after_recovery()
    {
        (SupervisorRig rig, LinkMonitor monitor, LinkWatch link, List<LinkEvent> events) = CellularLink(ModemPersonality.Ec25, "EC25");
        rig.Supervisor.Start();
        monitor.Start();
        rig.RunUntil(() => link.State == LinkState.Up, 180_000);

        rig.Modem.Faults.Hang = true;
        rig.RunUntil(() => link.State == LinkState.Down, 120_000);
        Assert.StartsWith("modem: ", link.Cause);

        rig.RunUntil(() => link.State == LinkState.Up, 300_000);
        Assert.Contains(events, e => e.Kind == LinkEventKind.StateChanged && e.State == LinkState.Down && e.Cause.StartsWith("modem: ", StringComparison.Ordinal));
    }
}
