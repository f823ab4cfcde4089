using System;

namespace NfBond.Firmware.Runtime;

/// <summary>
/// A reusable timer owned by one <see cref="EventLoop"/>. Create it once and re-arm it as often as needed:
/// arming, firing and stopping allocate nothing, so steady-state supervision produces no garbage.
/// </summary>
/// <remarks>
/// Use only from the loop thread. Timers due at the same millisecond fire in the order they were armed.
/// A periodic timer is re-armed from its previous due time, not from when it ran, so it never drifts.
/// </remarks>
public sealed class LoopTimer
{
    private readonly EventLoop _loop;
    private readonly TimerHandler _handler;

    /// <summary>Creates a stopped timer.</summary>
    /// <param name="loop">The loop whose thread runs <paramref name="handler"/>.</param>
    /// <param name="handler">Called each time the timer fires.</param>
    /// <param name="state">Caller data, available as <see cref="State"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="loop"/> or <paramref name="handler"/> is null.</exception>
    public LoopTimer(EventLoop loop, TimerHandler handler, object? state = null)
    {
        if (loop == null)
        {
            throw new ArgumentNullException(nameof(loop));
        }

        if (handler == null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        _loop = loop;
        _handler = handler;
        State = state;
        HeapIndex = -1;
    }

    /// <summary>Gets the caller data given at construction.</summary>
    public object? State { get; }

    /// <summary>Gets whether the timer is waiting to fire.</summary>
    public bool IsArmed => HeapIndex >= 0;

    /// <summary>Gets the time the timer fires (or last fired), in loop-clock milliseconds.</summary>
    public long DueMs { get; internal set; }

    /// <summary>Gets the period of a periodic timer, or 0 for a one-shot timer.</summary>
    public long PeriodMs { get; private set; }

    internal int HeapIndex { get; set; }

    internal long Sequence { get; set; }

    /// <summary>Arms a one-shot timer <paramref name="delayMs"/> from now; re-arming moves an armed timer.</summary>
    /// <param name="delayMs">Milliseconds from now; 0 fires on the next loop pass.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delayMs"/> is negative.</exception>
    public void Start(long delayMs)
    {
        if (delayMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delayMs), "delay must be 0 or more");
        }

        PeriodMs = 0;
        _loop.Arm(this, _loop.NowMs + delayMs);
    }

    /// <summary>Arms a one-shot timer at an absolute loop-clock time.</summary>
    /// <param name="dueMs">When to fire; a time in the past fires on the next loop pass.</param>
    public void StartAt(long dueMs)
    {
        PeriodMs = 0;
        _loop.Arm(this, dueMs);
    }

    /// <summary>Arms a periodic timer; the first firing is one period from now.</summary>
    /// <param name="periodMs">The period in milliseconds.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodMs"/> is not positive.</exception>
    public void StartPeriodic(long periodMs)
    {
        if (periodMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(periodMs), "period must be at least 1 ms");
        }

        PeriodMs = periodMs;
        _loop.Arm(this, _loop.NowMs + periodMs);
    }

    /// <summary>Disarms the timer; a stopped timer never fires until started again.</summary>
    public void Stop()
    {
        PeriodMs = 0;
        _loop.Disarm(this);
    }

    internal void Fire(long nowMs)
    {
        if (PeriodMs > 0)
        {
            // Re-arm before the handler so it may Stop() or re-Start() us. Missed periods (a stalled loop
            // on real time) are skipped rather than replayed in a burst; the phase is kept.
            long next = DueMs + PeriodMs;
            if (next <= nowMs)
            {
                next += ((nowMs - next) / PeriodMs + 1) * PeriodMs;
            }

            _loop.Arm(this, next);
        }

        _handler(this);
    }
}
