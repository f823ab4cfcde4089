using NfBond.Cli.Commands;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;
using NfBond.Simulation.Network;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Tools.Tests;

/// <summary>The full-.NET host of the one controller composition: a reboot is a restart from the stored files.</summary>
public class ControllerHostTests
{
    [Fact]
    public void A_restart_stops_everything_and_starts_a_new_controller_from_the_stored_site_file()
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedNetwork network = new(loop);
        MemoryStorage storage = new();
        BoardDefinition board = BoardDefinitionReader.Read(ControllerCommand.ExampleBoard()).Board!;
        SiteDefinition site = SiteDefinitionReader.Read(ControllerCommand.ExampleSite()).Site!;
        int platforms = 0;
        StringWriter output = new();
        ControllerHost host = new(loop, board, site, restart =>
        {
            platforms++;
            return new SimulatedPlatform(loop, network, storage, new NfBond.Hal.Linux.SystemWallClock(), null, restart);
        }, null, new EventLog(clock, 64), output);
        host.Start();
        loop.RunFor(clock, 10_000);
        FirmwareController first = host.Controller;

        string renamed = ControllerCommand.ExampleSite().Replace("bakery-berlin", "bakery-potsdam", StringComparison.Ordinal);
        Assert.Null(storage.Write(FirmwareController.SiteFileName, renamed));
        loop.Post(_ => host.Platform.Restart("reboot command"), null);
        loop.RunFor(clock, 10_000);

        Assert.Equal(1, host.Restarts);
        Assert.Equal(2, platforms);
        Assert.NotSame(first, host.Controller);
        Assert.False(first.IsRunning);
        Assert.True(host.Controller.IsRunning);
        Assert.Equal("bakery-potsdam", host.Controller.Site.Name);
        Assert.Contains("\"type\":\"restart\",\"cause\":\"reboot command\"", output.ToString(), StringComparison.Ordinal);
        host.Stop();
    }
}
