using System.Diagnostics;
using NfBond.Firmware.Runtime;

namespace NfBond.Benchmarks;

/// <summary>
/// Steady-state cost of the firmware event loop: bytes allocated per idle pass and per timer fire
/// (goal 0, because nanoFramework's GC stops the world), and throughput on this machine.
/// </summary>
public sealed class EventLoopBenchmark : IBenchmark
{
    private const int IdlePasses = 2_000_000;
    private const int Timers = 1_000;
    private const long SimulatedMs = 600_000;

    /// <inheritdoc/>
    public string Name => "loop";

    /// <inheritdoc/>
    public string Description => "event loop: allocations per idle pass and per timer fire, throughput";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        MeasureIdle(output);
        MeasureTimerFires(output);
    }

    private static void MeasureIdle(TextWriter output)
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        LoopTimer far = new(loop, static _ => { });
        far.Start(long.MaxValue / 2);
        for (int i = 0; i < 10_000; i++)
        {
            loop.RunPending();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stopwatch watch = Stopwatch.StartNew();
        for (int i = 0; i < IdlePasses; i++)
        {
            loop.RunPending();
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"loop.idle.bytes_per_pass: {(double)allocated / IdlePasses:F3} B ({allocated} B over {IdlePasses:N0} passes)");
        output.WriteLine($"loop.idle.ns_per_pass: {watch.Elapsed.TotalMilliseconds * 1e6 / IdlePasses:F1} ns");
    }

    private static void MeasureTimerFires(TextWriter output)
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock, initialTimerCapacity: Timers);
        long fires = 0;
        for (int i = 0; i < Timers; i++)
        {
            // Periods from 10 ms to ~1 s, like probe, poll and supervision timers side by side.
            LoopTimer timer = new(loop, _ => fires++);
            timer.StartPeriodic(10 + (i * 7919 % 990));
        }

        loop.RunFor(clock, 10_000);
        long firesBefore = fires;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Stopwatch watch = Stopwatch.StartNew();
        loop.RunFor(clock, SimulatedMs);
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long measured = fires - firesBefore;
        output.WriteLine($"loop.timer.bytes_per_fire: {(double)allocated / measured:F3} B ({allocated} B over {measured:N0} fires of {Timers} periodic timers)");
        output.WriteLine($"loop.timer.fires_per_second: {measured / watch.Elapsed.TotalSeconds:N0} /s");
        output.WriteLine($"loop.timer.simulated_speedup: {SimulatedMs / watch.Elapsed.TotalMilliseconds:N0}x real time");
    }
}
