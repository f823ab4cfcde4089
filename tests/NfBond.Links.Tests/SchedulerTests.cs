using NfBond.Firmware.Links;
using NfBond.Firmware.Steering;
using NfBond.Hal;

namespace NfBond.Links.Tests;

public class SchedulerTests
{
    private sealed class RecordingExecutor : ISteeringExecutor
    {
        public readonly List<int[]> Applied = [];

        public string? Prepare(SteeringEntry[] entries) => null;

        public string? Apply(SteeringEntry[] entries)
        {
            Applied.Add(entries.Select(e => e.Weight).ToArray());
            return null;
        }
    }

    private static LinkDefinition[] RandomSite(Random random, int n)
    {
        LinkDefinition[] links = new LinkDefinition[n];
        for (int i = 0; i < n; i++)
        {
            links[i] = new LinkDefinition
            {
                Name = "l" + i,
                DownKbps = random.Next(1, 1000) * 1000,
                Role = (LinkRole)random.Next(3),
                Metered = random.Next(4) == 0,
                CapMb = 1000,
                Mark = i + 1,
            };
        }

        return links;
    }

    [Fact]
    public void Weights_follow_capacity_times_health_and_sum_to_a_thousand()
    {
        Random random = new(7);
        for (int round = 0; round < 5000; round++)
        {
            int n = random.Next(1, 7);
            LinkDefinition[] links = RandomSite(random, n);
            foreach (LinkDefinition l in links)
            {
                l.Metered = false;
                l.Role = LinkRole.Active;
            }

            int[] health = Enumerable.Range(0, n).Select(_ => random.Next(3) == 0 ? 0 : random.Next(100, 1001)).ToArray();
            int[] w = PlanWeights.Compute(links, health, links.Select(l => new DataCapMeter(l)).ToArray());

            double total = Enumerable.Range(0, n).Sum(i => (double)links[i].DownKbps * health[i]);
            if (total == 0)
            {
                Assert.All(w, x => Assert.Equal(0, x));
                continue;
            }

            Assert.Equal(PlanWeights.Total, w.Sum());
            for (int i = 0; i < n; i++)
            {
                double exact = PlanWeights.Total * links[i].DownKbps * (double)health[i] / total;
                Assert.InRange(w[i], Math.Floor(exact), Math.Ceiling(exact));
            }
        }
    }

    [Fact]
    public void Backups_carry_nothing_while_a_primary_or_active_link_is_usable()
    {
        Random random = new(11);
        for (int round = 0; round < 5000; round++)
        {
            int n = random.Next(2, 7);
            LinkDefinition[] links = RandomSite(random, n);
            int[] health = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? 0 : random.Next(100, 1001)).ToArray();
            int[] w = PlanWeights.Compute(links, health, links.Select(l => new DataCapMeter(l)).ToArray());

            bool carrierUp = Enumerable.Range(0, n).Any(i => links[i].Role != LinkRole.Backup && health[i] > 0);
            for (int i = 0; i < n; i++)
            {
                if (health[i] == 0 || (carrierUp && links[i].Role == LinkRole.Backup))
                {
                    Assert.Equal(0, w[i]);
                }
            }

            bool anyUp = health.Any(h => h > 0);
            Assert.Equal(anyUp ? PlanWeights.Total : 0, w.Sum());
        }
    }

    [Fact]
    public void Metered_links_are_avoided_when_an_unmetered_one_can_carry_and_capped_at_their_cap()
    {
        LinkDefinition fiber = new() { Name = "fiber", DownKbps = 100_000, Role = LinkRole.Active, Mark = 1 };
        LinkDefinition lte1 = new() { Name = "lte1", DownKbps = 50_000, Role = LinkRole.Active, Metered = true, CapMb = 1000, Mark = 2 };
        LinkDefinition lte2 = new() { Name = "lte2", DownKbps = 50_000, Role = LinkRole.Active, Metered = true, CapMb = 1000, Mark = 3 };
        LinkDefinition[] links = [fiber, lte1, lte2];
        DataCapMeter[] meters = links.Select(l => new DataCapMeter(l)).ToArray();

        Assert.Equal([1000, 0, 0], PlanWeights.Compute(links, [1000, 1000, 1000], meters));

        // Fiber down: the LTE links share, de-weighted as one nears its cap.
        Assert.Equal([0, 500, 500], PlanWeights.Compute(links, [0, 1000, 1000], meters));
        meters[1].Add(900_000_000);
        Assert.Equal(500, meters[1].WeightPermille);
        int[] near = PlanWeights.Compute(links, [0, 1000, 1000], meters);
        Assert.Equal(333, near[1]);

        // At its cap a link carries nothing while another can.
        meters[1].Add(100_000_000);
        Assert.True(meters[1].IsExhausted);
        Assert.Equal([0, 0, 1000], PlanWeights.Compute(links, [0, 1000, 1000], meters));

        // Unless it is the last one left: being online beats the cap.
        Assert.Equal([0, 1000, 0], PlanWeights.Compute(links, [0, 1000, 0], meters));
    }

    [Fact]
    public void Smooth_weighted_round_robin_spreads_flows_by_weight_without_bunching()
    {
        SmoothWeightedRoundRobin swrr = new();
        swrr.SetWeights([500, 300, 200]);
        int[] counts = new int[3];
        int longestRun = 0;
        int run = 0;
        int last = -1;
        for (int flow = 0; flow < 1000; flow++)
        {
            int pick = swrr.Next();
            counts[pick]++;
            run = pick == last ? run + 1 : 1;
            last = pick;
            longestRun = Math.Max(longestRun, run);
        }

        Assert.Equal([500, 300, 200], counts);
        Assert.True(longestRun <= 2, $"link picked {longestRun} times in a row");

        swrr.SetWeights([0, 0, 0]);
        Assert.Equal(-1, swrr.Next());
        swrr.SetWeights([0, 1, 0]);
        Assert.Equal(1, swrr.Next());
    }

    [Fact]
    public void A_cut_primary_moves_the_plan_to_the_backup_and_back_with_reasons()
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, DetectionSettings.Fast()), LinkRig.Link("lte", LinkRole.Backup, DetectionSettings.Fast(), metered: true, mark: 2)], new DampeningSettings { Enabled = false });
        RecordingExecutor executor = new();
        Scheduler scheduler = new(rig.Loop, rig.Monitor, executor);
        List<SteeringPlan> plans = [];
        scheduler.PlanChanged += (plan, _) => plans.Add(plan);
        rig.Monitor.Start();
        scheduler.Start();
        rig.RunFor(3000);
        Assert.Equal([1000, 0], scheduler.Plan.Weights);
        Assert.Equal(rig["lte"].Definition.Detection.IntervalMs * 5, rig["lte"].CurrentIntervalMs);

        long cut = rig.Clock.NowMs;
        rig.Network.Cut("wan1");
        rig.RunUntil(() => scheduler.Plan.Weights[1] == 1000, 2000);
        Assert.InRange(rig.Clock.NowMs - cut, 1, 400);
        Assert.StartsWith("wan1 down: no good round", scheduler.Plan.Reason);
        Assert.Equal([0, 1000], executor.Applied[^1]);
        Assert.Equal(rig["lte"].Definition.Detection.IntervalMs, rig["lte"].CurrentIntervalMs);

        rig.Network.Cut("wan1", false);
        rig.RunUntil(() => scheduler.Plan.Weights[0] == 1000, 5000);
        Assert.StartsWith("wan1 up:", scheduler.Plan.Reason);
        Assert.Equal(3, plans.Count);
    }

    [Fact]
    public void Two_percent_loss_on_active_links_does_not_reshuffle_the_plan_in_a_day()
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Active, DetectionSettings.Gentle()), LinkRig.Link("wan2", LinkRole.Active, DetectionSettings.Gentle(), mark: 2)], seed: 99);
        rig.Network.LossRate = 0.02;
        rig.Network.JitterMs = 20;
        RecordingExecutor executor = new();
        Scheduler scheduler = new(rig.Loop, rig.Monitor, executor);
        rig.Monitor.Start();
        scheduler.Start();
        rig.RunFor(1000);
        Assert.Equal([500, 500], scheduler.Plan.Weights);
        int[] order = SmoothWeightedRoundRobin.Cycle(scheduler.Plan.Weights);
        Assert.Equal([0, 1, 0, 1], order[..4]);
        Assert.Equal(500, order.Count(i => i == 1));
        int plansAtStart = executor.Applied.Count;
        rig.RunFor(24 * 3600_000L);
        Assert.Equal(plansAtStart, executor.Applied.Count);
        Assert.Equal(0, rig.CountDowns());
    }

    [Fact]
    public void Metered_probe_volume_is_counted_against_the_cap()
    {
        LinkRig rig = new([LinkRig.Link("wan1", LinkRole.Primary, DetectionSettings.Gentle()), LinkRig.Link("lte", LinkRole.Backup, DetectionSettings.Gentle(), metered: true, mark: 2)]);
        rig["lte"].Definition.CapMb = 1000;
        Scheduler scheduler = new(rig.Loop, rig.Monitor, new RecordingExecutor());
        rig.Monitor.Start();
        scheduler.Start();
        rig.RunFor(3600_000);
        // Idle: one round of 3 TCP probes every 5 s for an hour.
        Assert.InRange(scheduler.Meters[1].UsedBytes, 719L * 3 * 360, 722L * 3 * 360);
        Assert.Equal(0, scheduler.Meters[0].UsedBytes);
    }

    [Theory]
    [InlineData("2026-11-24", 1, "2026-11")]
    [InlineData("2026-11-24", 25, "2026-10")]
    [InlineData("2026-01-03", 5, "2025-12")]
    [InlineData("2024-02-29", 28, "2024-02")]
    public void Billing_cycles_start_on_the_billing_day(string date, int billingDay, string cycle)
    {
        long ms = new DateTimeOffset(DateTime.Parse(date + "T12:00:00Z").ToUniversalTime()).ToUnixTimeMilliseconds();
        int expected = int.Parse(cycle[..4]) * 12 + int.Parse(cycle[5..]) - 1;
        Assert.Equal(expected, DataCapMeter.CycleOf(ms, billingDay));
    }

    [Fact]
    public void Civil_dates_agree_with_dotnet_over_four_centuries()
    {
        for (long day = -50_000; day < 150_000; day += 7)
        {
            DataCapMeter.CivilDate(day, out int y, out int m, out int d);
            DateTime expected = DateTime.UnixEpoch.AddDays(day);
            Assert.Equal((expected.Year, expected.Month, expected.Day), (y, m, d));
        }
    }

    [Fact]
    public void A_new_billing_cycle_resets_the_count()
    {
        DataCapMeter meter = new(new LinkDefinition { Metered = true, CapMb = 10, BillingDay = 15 });
        long nov14 = new DateTimeOffset(2026, 11, 14, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.False(meter.UpdateCycle(nov14));
        meter.Add(5_000_000);
        Assert.False(meter.UpdateCycle(nov14 + 1800_000));
        Assert.Equal(500, meter.UsedPermille);
        Assert.True(meter.UpdateCycle(nov14 + 3600_000));
        Assert.Equal(0, meter.UsedBytes);
    }

    [Fact]
    public void Flap_penalty_decay_stays_close_to_the_exponential_and_never_faster()
    {
        DampeningSettings settings = new() { Penalty = 1000, SuppressAt = 100_000, ReuseAt = 10, HalfLifeMs = 60_000 };
        FlapDampener dampener = new(settings);
        dampener.RecordFlap(0);
        for (long t = 0; t < 600_000; t += 1000)
        {
            double exact = 1000 * Math.Pow(2, -t / 60_000.0);
            long approx = dampener.PenaltyAt(t);
            Assert.True(approx >= Math.Floor(exact) - 1, $"at {t} ms: {approx} < {exact:F1}");
            Assert.True(approx <= exact * 1.065 + 1, $"at {t} ms: {approx} vs {exact:F1}");
        }
    }
}
