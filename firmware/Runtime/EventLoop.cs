using System;
using System.Threading;

namespace NfBond.Firmware.Runtime;

/// <summary>
/// One controller's event loop: a timer queue plus a queue of work posted from other threads.
/// All firmware logic runs here, one callback at a time, so modules need no locks of their own.
/// </summary>
/// <remarks>
/// <para>Reader threads (UART, sockets) only call <see cref="Post"/>; everything else is loop-thread only.</para>
/// <para>On real time <see cref="Run"/> blocks and sleeps until the next timer or post. Under a
/// <see cref="VirtualClock"/> tests call <see cref="RunUntil"/>, which jumps the clock from one due time to
/// the next, so a simulated day takes as long as its callbacks do.</para>
/// <para>Once running, an idle pass and a timer firing allocate nothing.</para>
/// </remarks>
public sealed class EventLoop
{
    private readonly IClock _clock;
    private readonly TimerQueue _timers;
    private readonly object _postLock = new object();
    private readonly AutoResetEvent _wake = new AutoResetEvent(false);
    private LoopAction[] _postActions;
    private object?[] _postStates;
    private int _postHead;
    private int _postCount;
    private long _nextSequence;
    private bool _stopRequested;

    /// <summary>Creates a loop that reads time from <paramref name="clock"/>.</summary>
    /// <param name="clock">The loop's time source.</param>
    /// <param name="initialTimerCapacity">Heap slots reserved up front; the heap grows when needed.</param>
    /// <param name="initialPostCapacity">Posted-work slots reserved up front; the queue grows when needed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public EventLoop(IClock clock, int initialTimerCapacity = 32, int initialPostCapacity = 16)
    {
        if (clock == null)
        {
            throw new ArgumentNullException(nameof(clock));
        }

        _clock = clock;
        _timers = new TimerQueue(initialTimerCapacity);
        int postCapacity = initialPostCapacity < 4 ? 4 : initialPostCapacity;
        _postActions = new LoopAction[postCapacity];
        _postStates = new object?[postCapacity];
    }

    /// <summary>Gets the loop's clock.</summary>
    public IClock Clock => _clock;

    /// <summary>Gets the current loop-clock time in milliseconds.</summary>
    public long NowMs => _clock.NowMs;

    /// <summary>Gets how many timers are armed.</summary>
    public int ArmedTimerCount => _timers.Count;

    /// <summary>Gets how many callbacks threw; each was reported to <see cref="FaultHandler"/>.</summary>
    public long FaultCount { get; private set; }

    /// <summary>
    /// Gets or sets who is told when a callback throws. When set, the loop reports and carries on;
    /// when null, the exception propagates out of the run method (what tests want).
    /// </summary>
    public LoopFaultHandler? FaultHandler { get; set; }

    /// <summary>Gets the due time of the earliest armed timer, or <see cref="long.MaxValue"/> if none.</summary>
    public long NextDueMs
    {
        get
        {
            LoopTimer? first = _timers.Peek();
            return first == null ? long.MaxValue : first.DueMs;
        }
    }

    /// <summary>Queues work for the loop thread. Safe to call from any thread.</summary>
    /// <param name="action">The work.</param>
    /// <param name="state">Passed to <paramref name="action"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public void Post(LoopAction action, object? state)
    {
        if (action == null)
        {
            throw new ArgumentNullException(nameof(action));
        }

        lock (_postLock)
        {
            if (_postCount == _postActions.Length)
            {
                GrowPostQueue();
            }

            int tail = (_postHead + _postCount) % _postActions.Length;
            _postActions[tail] = action;
            _postStates[tail] = state;
            _postCount++;
        }

        _wake.Set();
    }

    /// <summary>
    /// Runs the work that is ready now: posted actions first, then every timer due at or before the
    /// current time, earliest first. Timers armed by these callbacks wait for the next pass.
    /// </summary>
    /// <returns>How many callbacks ran.</returns>
    public int RunPending()
    {
        int ran = 0;
        int posted;
        lock (_postLock)
        {
            posted = _postCount;
        }

        while (posted > 0)
        {
            LoopAction action;
            object? state;
            lock (_postLock)
            {
                action = _postActions[_postHead];
                state = _postStates[_postHead];
                _postActions[_postHead] = null!;
                _postStates[_postHead] = null;
                _postHead = (_postHead + 1) % _postActions.Length;
                _postCount--;
            }

            posted--;
            ran++;
            try
            {
                action(state);
            }
            catch (Exception ex)
            {
                Report(action, ex);
            }
        }

        long now = _clock.NowMs;
        long passSequence = _nextSequence;
        while (true)
        {
            LoopTimer? timer = _timers.Peek();
            if (timer == null || timer.DueMs > now || timer.Sequence >= passSequence)
            {
                break;
            }

            _timers.Remove(timer);
            ran++;
            try
            {
                timer.Fire(now);
            }
            catch (Exception ex)
            {
                Report(timer, ex);
            }
        }

        return ran;
    }

    /// <summary>
    /// Runs on real time until <see cref="Stop"/> is called, sleeping until the next timer or post. A
    /// <see cref="Stop"/> that came before (a Ctrl+C while the loop's thread was still starting) makes it
    /// return at once; once it returned, the loop may be run again.
    /// </summary>
    public void Run()
    {
        while (!_stopRequested)
        {
            RunPending();
            if (_stopRequested)
            {
                break;
            }

            int waitMs = Timeout.Infinite;
            if (HasPostedWork())
            {
                continue;
            }

            LoopTimer? next = _timers.Peek();
            if (next != null)
            {
                long delta = next.DueMs - _clock.NowMs;
                if (delta <= 0)
                {
                    continue;
                }

                waitMs = delta > int.MaxValue ? int.MaxValue : (int)delta;
            }

            _wake.WaitOne(waitMs, false);
        }

        _stopRequested = false;
    }

    /// <summary>Asks <see cref="Run"/> to return after the current callback. Safe from any thread.</summary>
    public void Stop()
    {
        _stopRequested = true;
        _wake.Set();
    }

    /// <summary>
    /// Runs under a virtual clock until <paramref name="targetMs"/>: the clock jumps to each timer's due
    /// time in order, and ends at <paramref name="targetMs"/> with everything due by then done.
    /// </summary>
    /// <param name="clock">The virtual clock this loop was created with.</param>
    /// <param name="targetMs">The time to stop at.</param>
    /// <exception cref="ArgumentException"><paramref name="clock"/> is not this loop's clock.</exception>
    public void RunUntil(VirtualClock clock, long targetMs)
    {
        if (clock != _clock)
        {
            throw new ArgumentException("the clock must be the one this loop was created with", nameof(clock));
        }

        while (true)
        {
            RunPending();
            if (HasPostedWork())
            {
                continue;
            }

            long next = NextDueMs;
            if (next > targetMs)
            {
                break;
            }

            if (next > clock.NowMs)
            {
                clock.AdvanceTo(next);
            }
        }

        if (targetMs > clock.NowMs)
        {
            clock.AdvanceTo(targetMs);
        }
    }

    /// <summary>Runs under a virtual clock for <paramref name="durationMs"/> from now.</summary>
    /// <param name="clock">The virtual clock this loop was created with.</param>
    /// <param name="durationMs">How long to simulate.</param>
    public void RunFor(VirtualClock clock, long durationMs)
    {
        RunUntil(clock, clock.NowMs + durationMs);
    }

    internal void Arm(LoopTimer timer, long dueMs)
    {
        if (timer.IsArmed)
        {
            _timers.Remove(timer);
        }

        timer.DueMs = dueMs;
        timer.Sequence = _nextSequence++;
        _timers.Add(timer);
    }

    internal void Disarm(LoopTimer timer)
    {
        if (timer.IsArmed)
        {
            _timers.Remove(timer);
        }
    }

    private bool HasPostedWork()
    {
        lock (_postLock)
        {
            return _postCount > 0;
        }
    }

    private void Report(object source, Exception error)
    {
        FaultCount++;
        LoopFaultHandler? handler = FaultHandler;
        if (handler == null)
        {
            throw new LoopCallbackException("a loop callback threw", error);
        }

        handler(source, error);
    }

    private void GrowPostQueue()
    {
        int capacity = _postActions.Length;
        LoopAction[] actions = new LoopAction[capacity * 2];
        object?[] states = new object?[capacity * 2];
        for (int i = 0; i < _postCount; i++)
        {
            int from = (_postHead + i) % capacity;
            actions[i] = _postActions[from];
            states[i] = _postStates[from];
        }

        _postActions = actions;
        _postStates = states;
        _postHead = 0;
    }
}
