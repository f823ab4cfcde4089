using NfBond.Firmware.Links;

namespace NfBond.Links.Tests;

/// <summary>An outside witness (the bonding tunnel's keepalives) hastens a verdict, and only probes take a link down.</summary>
public class HintTests
{
    private static LinkRig TwoLinks(DetectionSettings detection)
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, detection, mark: 1), LinkRig.Link("wan2", LinkRole.Primary, detection, mark: 2)]);
        rig.Monitor.Start();
        rig.RunFor(3000);
        Assert.Equal(LinkState.Up, rig["wan1"].State);
        return rig;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(250)]
    [InlineData(500)]
    [InlineData(850)]
    public void A_cut_the_tunnel_saw_goes_down_at_the_first_failed_round_instead_of_after_the_dead_interval(int phaseMs)
    {
        DetectionSettings d = DetectionSettings.Gentle();
        long hinted = Detect(d, phaseMs, hint: true, out LinkRig rig);
        long plain = Detect(d, phaseMs, hint: false, out _);

        // Probed at once (or at the next round when that comes sooner than a probe times out), down when it fails.
        Assert.True(hinted <= 200 + d.TimeoutMs + d.TimeoutMs, $"down after {hinted} ms\n{rig.Transcript}");
        Assert.True(hinted < plain, $"with the hint {hinted} ms, without {plain} ms\n{rig.Transcript}");
        Assert.Contains("a probe round failed after the bonding server was not heard on it", rig["wan1"].Cause);
        Assert.Equal(LinkState.Up, rig["wan2"].State);
    }

    [Fact]
    public void An_idle_metered_link_probed_slowly_is_found_at_once()
    {
        DetectionSettings d = DetectionSettings.Gentle();
        LinkRig rig = new([LinkRig.Link("fiber", LinkRole.Primary, d, mark: 1), LinkRig.Link("lte", LinkRole.Backup, d, metered: true, mark: 2)]);
        rig.Monitor.Start();
        rig.Monitor.SetCarrying(rig["lte"], false);
        rig.RunFor(20_000);
        Assert.True(rig["lte"].CurrentIntervalMs >= 5 * d.IntervalMs, $"interval {rig["lte"].CurrentIntervalMs} ms");
        rig.Network.Cut("lte");
        rig.RunFor(200);
        rig.Monitor.Suspect(rig["lte"], "the bonding server was not heard on it for 200 ms while it was on fiber");
        long detection = 200 + rig.RunUntil(() => rig["lte"].State == LinkState.Down, 30_000);
        Assert.True(detection <= 200 + (2 * d.TimeoutMs), $"down after {detection} ms (dead interval {rig["lte"].DeadIntervalMs} ms)\n{rig.Transcript}");
    }

    private static long Detect(DetectionSettings d, int phaseMs, bool hint, out LinkRig rig)
    {
        rig = TwoLinks(d);
        rig.RunFor(phaseMs);
        rig.Network.Cut("wan1");
        // The tunnel calls a path dead after 200 ms of silence.
        rig.RunFor(200);
        if (hint)
        {
            rig.Monitor.Suspect(rig["wan1"], "the bonding server was not heard on it for 200 ms while it was on wan2");
        }

        LinkRig r = rig;
        long took = rig.RunUntil(() => r["wan1"].State == LinkState.Down, 10_000);
        Assert.True(took >= 0, rig.Transcript);
        return 200 + took;
    }

    [Fact]
    public void A_hint_about_a_link_that_still_answers_takes_nothing_down()
    {
        LinkRig rig = TwoLinks(DetectionSettings.Gentle());
        for (int i = 0; i < 20; i++)
        {
            rig.Monitor.Suspect(rig["wan1"], "a wrong witness");
            rig.Monitor.Suspect(rig["wan2"], "a wrong witness");
            rig.RunFor(1700);
        }

        Assert.True(rig.CountDowns() == 0, rig.Transcript);
        // And the hint is gone with the good round: a later cut takes the usual dead interval.
        rig.Network.Cut("wan1");
        long detection = rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 10_000);
        Assert.True(detection >= DetectionSettings.Gentle().DeadIntervalMs - DetectionSettings.Gentle().IntervalMs - 25, $"down after {detection} ms\n{rig.Transcript}");
    }
}
