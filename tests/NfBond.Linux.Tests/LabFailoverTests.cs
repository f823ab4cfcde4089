using NfBond.Cli.Commands;
using NfBond.Lab;

namespace NfBond.Linux.Tests;

/// <summary>
/// The real thing: namespaces, shaped paths, the controller as its own process in the router namespace,
/// a UDP stream from the LAN host, and the primary cut with nftables and by link down. Needs root (CI
/// runs as root); installs nftables and conntrack if missing.
/// </summary>
[Collection("namespaces")]
public class LabFailoverTests : IDisposable
{
    public LabFailoverTests()
    {
        LabTopology.Up(2, 100, TextWriter.Null);
    }

    public void Dispose()
    {
        LabTopology.Down(TextWriter.Null);
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("fast", 4, 2000)]
    [InlineData("gentle", 2, 6000)]
    public void Traffic_moves_to_the_backup_after_every_cut_and_comes_back_after_repair(string profile, int cuts, double boundMs)
    {
        StringWriter output = new();
        FailoverRun run = new(new FailoverOptions { Profile = profile, Cuts = cuts, ControllerCommand = LabCommand.SelfCommand() }, output);
        string summary = run.Run();

        Assert.StartsWith($"summary: profile {profile}, {cuts} cuts, cut-to-restore p50 ", summary);
        Assert.Equal(summary, output.ToString().TrimEnd().Split('\n')[^1]);
        Assert.Equal(cuts, run.Results.Count);
        Assert.Contains(run.Results, r => r.Method == CutMethod.Drop);
        Assert.Contains(run.Results, r => r.Method == CutMethod.LinkDown);
        foreach (CutResult cut in run.Results)
        {
            // Generous bounds: they catch a failover that did not happen, not a slow machine.
            Assert.InRange(cut.DetectionMs, 0, boundMs);
            Assert.InRange(cut.RestoreMs, 0, boundMs);
            Assert.True(cut.RestoreMs >= cut.DetectionMs - 50, $"restored {cut.RestoreMs} ms before detection {cut.DetectionMs} ms:\n{output}");
            Assert.InRange(cut.BackToPrimaryMs, 0, 30_000);
            Assert.True(cut.Lost > 0, "a cut that lost nothing did not cut the traffic's path");
        }
    }
}
