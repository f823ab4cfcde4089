using NfBond.Firmware.Links;

namespace NfBond.Links.Tests;

public class DetectionTests
{
    private static LinkRig TwoLinks(DetectionSettings detection, DampeningSettings? dampening = null, int seed = 1)
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, detection, mark: 1), LinkRig.Link("wan2", LinkRole.Backup, detection, mark: 2)], dampening, seed);
        rig.Monitor.Start();
        rig.RunFor(2000);
        Assert.Equal(LinkState.Up, rig["wan1"].State);
        Assert.Equal(LinkState.Up, rig["wan2"].State);
        return rig;
    }

    [Theory]
    [InlineData("fast", 0)]
    [InlineData("fast", 37)]
    [InlineData("fast", 99)]
    [InlineData("gentle", 0)]
    [InlineData("gentle", 500)]
    [InlineData("gentle", 999)]
    public void A_cut_link_is_declared_down_within_misses_times_interval_plus_skew(string profile, int phaseMs)
    {
        DetectionSettings d = DetectionSettings.ForProfile(profile)!;
        LinkRig rig = TwoLinks(d);
        rig.RunFor(phaseMs);

        rig.Network.Cut("wan1");
        long detection = rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 10_000);

        Assert.True(detection > 0, rig.Transcript);
        // The last good answer came at most one interval (plus its round trip) before the cut.
        Assert.InRange(detection, d.DeadIntervalMs - d.IntervalMs - 25, d.DeadIntervalMs);
        Assert.Equal(LinkState.Up, rig["wan2"].State);
        Assert.Contains("while \"wan2\" reached its targets", rig["wan1"].Cause);
    }

    [Fact]
    public void Detection_meets_the_profile_goals_over_many_cut_phases()
    {
        foreach ((string profile, long goalMs) in new[] { ("fast", 500L), ("gentle", 3000L) })
        {
            DetectionSettings d = DetectionSettings.ForProfile(profile)!;
            List<long> times = [];
            for (int phase = 0; phase < d.IntervalMs; phase += d.IntervalMs / 20)
            {
                LinkRig rig = TwoLinks(d);
                rig.RunFor(phase);
                rig.Network.Cut("wan1");
                times.Add(rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 10_000));
            }

            Assert.DoesNotContain(-1, times);
            Assert.True(times.Max() <= goalMs, $"{profile}: worst detection {times.Max()} ms exceeds {goalMs} ms");
        }
    }

    [Fact]
    public void A_repaired_link_comes_back_only_after_the_hold_down_and_enough_good_rounds()
    {
        DetectionSettings d = DetectionSettings.Fast();
        LinkRig rig = TwoLinks(d, new DampeningSettings { Enabled = false });
        rig.Network.Cut("wan1");
        rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 5000);
        long downAt = rig.Clock.NowMs;
        rig.RunFor(200);

        rig.Network.Cut("wan1", false);
        rig.RunUntil(() => rig["wan1"].State == LinkState.Up, 10_000);

        long downFor = rig.Clock.NowMs - downAt;
        Assert.True(downFor >= d.UpHoldMs, $"up after {downFor} ms, hold-down is {d.UpHoldMs} ms");
        Assert.True(downFor <= d.UpHoldMs + d.IntervalMs * 2, $"up only after {downFor} ms");
    }

    [Fact]
    public void A_flapping_link_is_held_out_until_its_penalty_decays()
    {
        DampeningSettings dampening = new() { Penalty = 1000, SuppressAt = 2500, ReuseAt = 1000, HalfLifeMs = 60_000 };
        DetectionSettings d = DetectionSettings.Fast();
        LinkRig rig = TwoLinks(d, dampening);
        for (int flap = 0; flap < 3; flap++)
        {
            rig.Network.Cut("wan1");
            Assert.True(rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 5000) > 0);
            rig.Network.Cut("wan1", false);
            if (flap < 2)
            {
                Assert.True(rig.RunUntil(() => rig["wan1"].State == LinkState.Up, 5000) > 0, rig.Transcript);
            }
        }

        Assert.Contains(rig.Events, e => e.Kind == LinkEventKind.Suppressed && e.Link == "wan1");
        rig.RunFor(30_000);
        Assert.Equal(LinkState.Down, rig["wan1"].State);
        Assert.False(rig["wan1"].IsUsable);

        // Just under 3000 decays to 1000 in about log2(3) half-lives, 95 s; the linear step is a little slower.
        long back = rig.RunUntil(() => rig["wan1"].State == LinkState.Up, 200_000, 100);
        Assert.True(back > 0, rig.Transcript);
        Assert.Contains(rig.Events, e => e.Kind == LinkEventKind.Reused && e.Link == "wan1");
        Assert.True(back is > 60_000 and < 150_000, $"back after {back} ms\n{rig.Transcript}");
    }

    [Fact]
    public void Targets_dying_everywhere_take_no_link_down_and_are_reported_once()
    {
        LinkRig rig = TwoLinks(DetectionSettings.Fast());
        foreach (string host in LinkRig.DefaultHosts)
        {
            rig.Network.KillHost(host);
        }

        rig.RunFor(60_000);
        Assert.True(rig.CountDowns() == 0, rig.Transcript);
        Assert.Single(rig.Events, e => e.Kind == LinkEventKind.UpstreamSuspected);

        foreach (string host in LinkRig.DefaultHosts)
        {
            rig.Network.KillHost(host, false);
        }

        rig.RunFor(1000);
        Assert.Single(rig.Events, e => e.Kind == LinkEventKind.UpstreamCleared);
        Assert.Equal(0, rig.CountDowns());
    }

    [Fact]
    public void A_cut_during_an_upstream_suspicion_is_still_found_once_the_other_link_answers()
    {
        LinkRig rig = TwoLinks(DetectionSettings.Fast());
        foreach (string host in LinkRig.DefaultHosts)
        {
            rig.Network.KillHost(host);
        }

        rig.Network.Cut("wan1");
        rig.RunFor(2000);
        Assert.Equal(0, rig.CountDowns());
        foreach (string host in LinkRig.DefaultHosts)
        {
            rig.Network.KillHost(host, false);
        }

        Assert.True(rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 500) >= 0, rig.Transcript);
        Assert.Equal(LinkState.Up, rig["wan2"].State);
    }

    [Fact]
    public void One_dead_target_of_three_does_not_fail_a_link()
    {
        LinkRig rig = TwoLinks(DetectionSettings.Fast());
        rig.Network.KillHost("1.1.1.1");
        rig.RunFor(60_000);
        Assert.Equal(0, rig.CountDowns());
        Assert.InRange(rig["wan1"].Statistics.LossPermille, 300, 370);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("gentle")]
    public void Two_percent_random_loss_causes_no_false_failover_in_a_simulated_day(string profile)
    {
        LinkRig rig = TwoLinks(DetectionSettings.ForProfile(profile)!, seed: 2026);
        rig.Network.LossRate = 0.02;
        rig.Network.JitterMs = 15;
        List<int> hourly = [];
        for (int hour = 0; hour < 24; hour++)
        {
            rig.RunFor(3600_000L);
            hourly.Add(rig["wan1"].Statistics.LossPermille);
        }

        Assert.Equal(0, rig.CountDowns());
        // The loss the link reports is the loss there is: 20 permille on average over the day's samples of its window.
        Assert.InRange(hourly.Average(), 12, 28);
    }

    [Fact]
    public void A_single_link_goes_down_without_corroboration()
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, DetectionSettings.Fast())]);
        rig.Monitor.Start();
        rig.RunFor(1000);
        rig.Network.Cut("wan1");
        Assert.True(rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 1000) > 0);
        Assert.Contains("no other link up", rig["wan1"].Cause);
    }

    [Fact]
    public void A_link_that_never_answers_is_down_after_the_dead_interval_from_start()
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, DetectionSettings.Gentle()), LinkRig.Link("wan2", LinkRole.Backup, DetectionSettings.Gentle(), mark: 2)]);
        rig.Network.Cut("wan2");
        rig.Monitor.Start();
        rig.RunFor(DetectionSettings.Gentle().DeadIntervalMs + 10);
        Assert.Equal(LinkState.Up, rig["wan1"].State);
        Assert.Equal(LinkState.Down, rig["wan2"].State);
        Assert.Contains("since start", rig["wan2"].Cause);
    }

    [Fact]
    public void An_idle_metered_link_is_probed_less_and_still_confirms_a_primary_failure_quickly()
    {
        DetectionSettings d = DetectionSettings.Fast();
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, d), LinkRig.Link("lte", LinkRole.Backup, d, metered: true, mark: 2)]);
        rig.Monitor.Start();
        rig.Monitor.SetCarrying(rig["wan1"], true);
        rig.Monitor.SetCarrying(rig["lte"], false);
        rig.RunFor(60_000);
        int wired = rig.Network.Sent["wan1"];
        int metered = rig.Network.Sent["lte"];
        Assert.InRange(metered * d.MeteredIdleFactor, wired * 9 / 10, wired * 11 / 10);

        rig.Network.Cut("wan1");
        long detection = rig.RunUntil(() => rig["wan1"].State == LinkState.Down, 5000);
        Assert.InRange(detection, 1, 500);
    }

    [Fact]
    public void A_modem_that_is_not_ready_takes_its_link_down_at_once_and_rounds_bring_it_back()
    {
        DetectionSettings d = DetectionSettings.Fast();
        LinkRig rig = TwoLinks(d, new DampeningSettings { Enabled = false });
        rig.Monitor.SetModemReady(rig["wan2"], false, "registration denied (cause 15)");
        Assert.Equal(LinkState.Down, rig["wan2"].State);
        Assert.Contains("registration denied", rig["wan2"].Cause);
        rig.RunFor(5000);
        Assert.Equal(LinkState.Down, rig["wan2"].State);

        rig.Monitor.SetModemReady(rig["wan2"], true, "data ready");
        Assert.True(rig.RunUntil(() => rig["wan2"].State == LinkState.Up, 5000) > 0);
    }
}
