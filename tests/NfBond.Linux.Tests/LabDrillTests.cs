using NfBond.Cli.Commands;
using NfBond.Lab;

namespace NfBond.Linux.Tests;

/// <summary>
/// A scheduled failover drill in the network lab with real traffic: the aggregator's cron schedule, the
/// controller as its own process on the lab router reporting over MQTT/TLS, a UDP stream from the LAN host.
/// Needs root (CI runs as root).
/// </summary>
[Collection("namespaces")]
public class LabDrillTests : IDisposable
{
    public LabDrillTests()
    {
        LabTopology.Up(2, 100, TextWriter.Null);
    }

    public void Dispose()
    {
        LabTopology.Down(TextWriter.Null);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void A_scheduled_drill_moves_the_real_traffic_to_the_backup_and_back_and_its_result_reaches_the_plan()
    {
        StringWriter output = new();
        DrillLabResult result = new DrillLabRun(LabCommand.SelfCommand(), 5, output).Run();

        Assert.True(result.Ok, output.ToString());
        // What the controller says must be what the traffic did: it went through the backup for the drill and came back.
        Assert.InRange(result.OnBackupPercent, 95, 100);
        Assert.InRange(result.TrafficSwitchMs, 0, 2000);
        Assert.True(result.Lost < result.Sent / 20, $"lost {result.Lost} of {result.Sent}:\n{output}");
        Assert.InRange(result.ControllerSwitchMs, 0, 2000);
        Assert.InRange(result.CarriedMs, 4_500, 5_500);
        Assert.InRange(result.BackMs, 0, 10_000);
        Assert.InRange(result.TrafficBackMs, 0, 15_000);
        Assert.True(result.InPlan, "the drill is not in the emergency plan's drill log:\n" + output);
        Assert.StartsWith("lab drill: ok, controller switch ", output.ToString().TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }
}
