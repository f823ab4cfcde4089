using NfBond.Firmware.Runtime;

namespace NfBond.Firmware.Tests;

public class EventLoopTimerTests
{
    private readonly VirtualClock _clock = new();
    private readonly EventLoop _loop;

    public EventLoopTimerTests()
    {
        _loop = new EventLoop(_clock);
    }

    [Fact]
    public void Timers_fire_in_due_order_and_ties_in_arming_order()
    {
        List<string> fired = [];
        LoopTimer Make(string name) => new(_loop, t => fired.Add($"{name}@{_clock.NowMs}"));
        Make("c").Start(30);
        Make("a").Start(10);
        Make("b1").Start(20);
        Make("b2").Start(20);
        Make("z").Start(0);

        _loop.RunFor(_clock, 100);

        Assert.Equal(["z@0", "a@10", "b1@20", "b2@20", "c@30"], fired);
        Assert.Equal(100, _clock.NowMs);
    }

    [Fact]
    public void Stopped_timer_never_fires_and_restarting_moves_it()
    {
        int stoppedFires = 0;
        List<long> movedFires = [];
        LoopTimer stopped = new(_loop, _ => stoppedFires++);
        LoopTimer moved = new(_loop, _ => movedFires.Add(_clock.NowMs));
        stopped.Start(50);
        moved.Start(50);
        _loop.RunFor(_clock, 10);
        stopped.Stop();
        moved.Start(100);

        _loop.RunFor(_clock, 1_000);

        Assert.Equal(0, stoppedFires);
        Assert.Equal([110L], movedFires);
        Assert.False(stopped.IsArmed);
        Assert.Equal(0, _loop.ArmedTimerCount);
    }

    [Fact]
    public void Handler_can_rearm_or_stop_its_own_periodic_timer()
    {
        List<long> fires = [];
        LoopTimer timer = null!;
        timer = new LoopTimer(_loop, t =>
        {
            fires.Add(_clock.NowMs);
            if (fires.Count == 3)
            {
                t.Stop();
            }
        });
        timer.StartPeriodic(100);

        _loop.RunFor(_clock, 10_000);

        Assert.Equal([100L, 200L, 300L], fires);
        Assert.False(timer.IsArmed);
    }

    [Fact]
    public void Timer_armed_during_a_pass_waits_for_the_next_pass()
    {
        int fires = 0;
        LoopTimer timer = new(_loop, t =>
        {
            fires++;
            t.Start(0);
        });
        timer.Start(0);

        Assert.Equal(1, _loop.RunPending());
        Assert.Equal(1, _loop.RunPending());
        Assert.Equal(2, fires);
    }

    [Fact]
    public void Periodic_timer_does_not_drift_over_one_million_fires()
    {
        const long period = 7;
        const int wanted = 1_000_000;
        long fires = 0;
        long mistimed = 0;
        LoopTimer timer = new(_loop, t =>
        {
            fires++;
            if (_clock.NowMs != fires * period)
            {
                mistimed++;
            }
        });
        timer.StartPeriodic(period);

        _loop.RunUntil(_clock, wanted * period);

        Assert.Equal(wanted, fires);
        Assert.Equal(0, mistimed);
        Assert.Equal((wanted + 1) * period, timer.DueMs);
    }

    [Fact]
    public void One_million_timers_each_fire_once_at_their_due_time_in_order()
    {
        const int count = 1_000_000;
        Random random = new(2026);
        long fired = 0;
        long late = 0;
        long outOfOrder = 0;
        long lastDue = -1;
        TimerHandler handler = t =>
        {
            fired++;
            if (_clock.NowMs != t.DueMs)
            {
                late++;
            }

            if (t.DueMs < lastDue)
            {
                outOfOrder++;
            }

            lastDue = t.DueMs;
        };
        for (int i = 0; i < count; i++)
        {
            new LoopTimer(_loop, handler).Start(random.Next(0, 86_400_000));
        }

        _loop.RunFor(_clock, 86_400_000);

        Assert.Equal(count, fired);
        Assert.Equal(0, late);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, _loop.ArmedTimerCount);
    }

    [Fact]
    public void Cancelling_half_of_many_timers_leaves_exactly_the_other_half()
    {
        const int count = 20_000;
        Random random = new(7);
        LoopTimer[] timers = new LoopTimer[count];
        int[] firedBy = new int[count];
        int fired = 0;
        for (int i = 0; i < count; i++)
        {
            timers[i] = new LoopTimer(_loop, t => { fired++; firedBy[(int)t.State!]++; }, i);
            timers[i].Start(random.Next(1, 1_000_000));
        }

        for (int i = 0; i < count; i += 2)
        {
            timers[i].Stop();
        }

        _loop.RunFor(_clock, 1_000_000);

        Assert.Equal(count / 2, fired);
        Assert.All(timers, t => Assert.Equal(((int)t.State!) % 2 == 1 ? 1 : 0, firedBy[(int)t.State!]));
    }

    [Fact]
    public void Steady_state_timer_fires_allocate_nothing()
    {
        long fires = 0;
        for (int i = 0; i < 100; i++)
        {
            new LoopTimer(_loop, _ => fires++).StartPeriodic(10 + i);
        }

        _loop.RunFor(_clock, 60_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long firesBefore = fires;
        _loop.RunFor(_clock, 600_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(fires - firesBefore > 500_000);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Invalid_arguments_are_rejected_with_the_parameter_named()
    {
        LoopTimer timer = new(_loop, _ => { });
        Assert.Equal("delayMs", Assert.Throws<ArgumentOutOfRangeException>(() => timer.Start(-1)).ParamName);
        Assert.Equal("periodMs", Assert.Throws<ArgumentOutOfRangeException>(() => timer.StartPeriodic(0)).ParamName);
        Assert.Throws<ArgumentException>(() => _loop.RunUntil(new VirtualClock(), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.AdvanceTo(-5));
    }
}
