using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Simulation;
using NfBond.Simulation.Network;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Firmware.Tests;

/// <summary>The controller takes a platform's link witness (the bonding tunnel) from any thread to its monitor.</summary>
public class LinkHintTests
{
    private const string Site = """
        {"format":"nfbond-site/1","site":"workshop","profile":"gentle","dampening":{"enabled":false},"links":[
          {"name":"fiber","type":"fiber","provider":"A","interface":"wan1","downKbps":100000,"upKbps":20000,"role":"primary"},
          {"name":"cable","type":"cable","provider":"B","interface":"wan2","downKbps":50000,"upKbps":10000,"role":"primary"}]}
        """;

    private sealed class Witness : ILinkHints
    {
        public LinkHintHandler? Suspected { get; set; }
    }

    private sealed class FixedWallClock : IWallClock
    {
        public long UtcNowMs => 1_780_000_000_000;
    }

    [Fact]
    public async Task A_link_the_witness_saw_fail_goes_down_at_its_first_failed_round_and_a_wrong_name_is_logged()
    {
        VirtualClock clock = new(1_000);
        EventLoop loop = new(clock);
        SimulatedNetwork network = new(loop);
        Witness witness = new();
        SimulatedPlatform platform = new(loop, network, new MemoryStorage(), new FixedWallClock(), null, _ => { }) { LinkHints = witness };
        BoardDefinition board = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json"))).Board!;
        EventLog log = new(clock, 256);
        FirmwareController controller = new(loop, board, SiteDefinitionReader.Read(Site).Site!, platform, null, log);
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
