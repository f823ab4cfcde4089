using NfBond.Firmware.Links;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Simulation.Network;

namespace NfBond.Redundancy.Tests;

public class VrrpStateMachineTests
{
    private sealed class Rig
    {
        public readonly VirtualClock Clock = new();
        public readonly EventLoop Loop;
        public readonly SimulatedVrrpSegment Segment;
        public readonly List<(string Name, VrrpEvent Event)> Events = [];

        public Rig()
        {
            Loop = new EventLoop(Clock);
            Segment = new SimulatedVrrpSegment(Loop);
        }

        public (VrrpInstance Instance, SimulatedVrrpSegment.Member Member) Router(string name, uint address, int priority, int intervalCs = 100, bool preempt = true, int preemptDelayMs = 0)
        {
            SimulatedVrrpSegment.Member member = Segment.Join(address);
            VrrpInstance instance = new(Loop, member, member, new VrrpOptions { Vrid = 51, Priority = priority, AdvertIntervalCs = intervalCs, Preempt = preempt, PreemptDelayMs = preemptDelayMs, VirtualAddresses = [0xC0A832FE] });
            instance.EventRaised += e => Events.Add((name, e));
            return (instance, member);
        }

        public void RunFor(long ms) => Loop.RunFor(Clock, ms);

        public long RunUntil(Func<bool> condition, long budgetMs)
        {
            long start = Clock.NowMs;
            while (!condition())
            {
                Assert.True(Clock.NowMs - start <= budgetMs, $"not within {budgetMs} ms:\n{string.Join("\n", Events.Select(e => $"{e.Event.TimeMs} {e.Name} {e.Event.From}->{e.Event.To} {e.Event.Cause}"))}");
                Loop.RunFor(Clock, 1);
            }

            return Clock.NowMs - start;
        }
    }

    [Fact]
    public void The_higher_priority_router_is_elected_and_only_it_holds_the_address()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100);
        var b = rig.Router("b", 0xC0A83203, 200);
        a.Instance.Start();
        b.Instance.Start();
        rig.RunFor(10_000);
        Assert.Equal(VrrpState.Master, b.Instance.State);
        Assert.Equal(VrrpState.Backup, a.Instance.State);
        Assert.True(b.Member.HoldsAddresses);
        Assert.False(a.Member.HoldsAddresses);
        Assert.Equal(0xC0A83203u, a.Instance.MasterAddress);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(10)]
    public void A_dead_master_is_replaced_within_the_master_down_interval(int intervalCs)
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100, intervalCs);
        var b = rig.Router("b", 0xC0A83203, 200, intervalCs);
        b.Instance.Start();
        rig.RunFor(100);
        a.Instance.Start();
        rig.RunFor(5000);

        b.Member.Dead = true;
        long takeover = rig.RunUntil(() => a.Instance.State == VrrpState.Master, 10_000);
        // 3 x interval + skew, less up to one interval since the last advertisement, plus the segment delay.
        int mdi = a.Instance.MasterDownIntervalMs;
        Assert.InRange(takeover, mdi - intervalCs * 10 - 2, mdi + 2);
        Assert.True(a.Member.HoldsAddresses);
    }

    [Fact]
    public void A_resigning_master_hands_over_after_the_skew_time_only()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100);
        var b = rig.Router("b", 0xC0A83203, 200);
        b.Instance.Start();
        a.Instance.Start();
        rig.RunFor(5000);

        b.Instance.Stop();
        long takeover = rig.RunUntil(() => a.Instance.State == VrrpState.Master, 5000);
        Assert.InRange(takeover, 1, a.Instance.SkewMs + 2);
        Assert.False(b.Member.HoldsAddresses);
    }

    [Fact]
    public void A_higher_priority_router_preempts_unless_preemption_is_off()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100);
        a.Instance.Start();
        rig.RunFor(5000);
        Assert.Equal(VrrpState.Master, a.Instance.State);

        var b = rig.Router("b", 0xC0A83203, 200);
        b.Instance.Start();
        rig.RunUntil(() => b.Instance.State == VrrpState.Master && a.Instance.State == VrrpState.Backup, 5000);

        Rig calm = new();
        var c = calm.Router("c", 0xC0A83202, 100);
        c.Instance.Start();
        calm.RunFor(5000);
        var d = calm.Router("d", 0xC0A83203, 200, preempt: false);
        d.Instance.Start();
        calm.RunFor(30_000);
        Assert.Equal(VrrpState.Master, c.Instance.State);
        Assert.Equal(VrrpState.Backup, d.Instance.State);
    }

    [Fact]
    public void Preempt_delay_holds_a_starting_router_back()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100);
        a.Instance.Start();
        rig.RunFor(5000);
        var b = rig.Router("b", 0xC0A83203, 200, preemptDelayMs: 20_000);
        b.Instance.Start();
        rig.RunFor(15_000);
        Assert.Equal(VrrpState.Backup, b.Instance.State);
        long took = rig.RunUntil(() => b.Instance.State == VrrpState.Master, 15_000);
        Assert.InRange(took, 4000, 9000);
    }

    [Fact]
    public void Equal_priorities_elect_the_higher_address()
    {
        Rig rig = new();
        var low = rig.Router("low", 0xC0A83202, 150);
        var high = rig.Router("high", 0xC0A83209, 150);
        low.Instance.Start();
        rig.RunFor(5000);
        high.Instance.Start();
        rig.RunFor(100);
        // Both run: the one that started first is master; the newcomer does not preempt an equal.
        Assert.Equal(VrrpState.Master, low.Instance.State);

        // Split both so they both become master, then heal: the higher address wins.
        low.Member.Partitioned = true;
        rig.RunFor(5000);
        Assert.Equal(VrrpState.Master, high.Instance.State);
        low.Member.Partitioned = false;
        long healed = rig.RunUntil(() => low.Instance.State == VrrpState.Backup, 5000);
        Assert.Equal(VrrpState.Master, high.Instance.State);
        Assert.True(healed <= 1000 + 2, $"split brain healed after {healed} ms, one advert interval is 1000 ms");
    }

    [Fact]
    public void The_address_owner_is_master_at_once()
    {
        Rig rig = new();
        var owner = rig.Router("owner", 0xC0A832FE, 255);
        owner.Instance.Start();
        Assert.Equal(VrrpState.Master, owner.Instance.State);
        Assert.True(owner.Member.HoldsAddresses);
    }

    [Fact]
    public void A_backup_adopts_the_masters_interval()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100, intervalCs: 100);
        var b = rig.Router("b", 0xC0A83203, 200, intervalCs: 30);
        b.Instance.Start();
        a.Instance.Start();
        rig.RunFor(3000);
        Assert.Equal(30, a.Instance.MasterAdverIntervalCs);
        Assert.Equal(3 * 300 + (156 * 30 * 10 / 256), a.Instance.MasterDownIntervalMs);
    }

    [Fact]
    public void Bad_wan_health_lowers_priority_and_the_healthier_router_takes_over()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 150);
        var b = rig.Router("b", 0xC0A83203, 150);
        a.Instance.Start();
        rig.RunFor(3000);
        b.Instance.Start();
        rig.RunFor(3000);
        Assert.Equal(VrrpState.Master, a.Instance.State);

        // a's only WAN link dies: its tracker takes 60 off, b (150) now outranks a (90) and preempts.
        SimulatedNetwork wan = new(rig.Loop);
        LinkDefinition link = new() { Name = "fiber", Interface = "wan1", Mark = 1, DownKbps = 1000, Detection = DetectionSettings.Fast(), Targets = [new ProbeTarget { Kind = ProbeKind.Tcp, Host = "1.1.1.1", Port = 443 }] };
        LinkMonitor monitor = new(rig.Loop, [link], new DampeningSettings(), [wan]);
        WanHealthTracker tracker = new(rig.Loop, a.Instance, monitor, 60, 200);
        monitor.Start();
        tracker.Start();
        rig.RunFor(1000);
        Assert.Equal(150, a.Instance.Priority);

        wan.Cut("wan1");
        rig.RunUntil(() => b.Instance.State == VrrpState.Master && a.Instance.State == VrrpState.Backup, 10_000);
        Assert.Equal(90, a.Instance.Priority);
        Assert.Contains(rig.Events, e => e.Name == "a" && e.Event.To == VrrpState.Backup && e.Event.Cause.Contains("WAN down: fiber"));
    }

    [Fact]
    public void Foreign_and_broken_packets_are_counted_not_obeyed()
    {
        Rig rig = new();
        var a = rig.Router("a", 0xC0A83202, 100);
        a.Instance.Start();
        rig.RunFor(5000);
        var intruder = rig.Segment.Join(0xC0A83263);
        intruder.Send([0x31, 52, 254, 1, 0, 100, 0, 0, 192, 168, 50, 254], 12, 0xE0000012);
        intruder.Send([0x31, 51, 254, 1, 0, 100, 0, 0, 192, 168, 50, 254], 12, 0xE0000012);
        rig.RunFor(100);
        Assert.Equal(1, a.Instance.Drops(VrrpDropReason.WrongVrid));
        Assert.Equal(1, a.Instance.Drops(VrrpDropReason.BadChecksum));
        Assert.Equal(VrrpState.Master, a.Instance.State);
    }
}
