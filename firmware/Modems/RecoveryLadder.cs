namespace NfBond.Firmware.Modems;

/// <summary>
/// Chooses the next recovery action and keeps a dead modem from causing a reset storm: rungs are climbed
/// one at a time, rungs the hardware or a silent modem cannot do are skipped, actions that restart the
/// modem are capped per sliding hour, and repeated failures at the top wait longer each time.
/// </summary>
/// <remarks>The ladder comes back down only after the modem stayed healthy for a while (<see cref="Succeeded"/>).</remarks>
public sealed class RecoveryLadder
{
    private const long HourMs = 3600000;

    private readonly int _maxResetsPerHour;
    private readonly bool _hasPowerKey;
    private readonly bool _hasHardReset;
    private readonly long[] _resetTimes;
    private readonly int[] _attempts = new int[9];
    private readonly long _backoffInitialMs;
    private readonly long _backoffMaxMs;
    private int _resetCount;
    private int _resetNext;

    /// <summary>Creates a ladder.</summary>
    /// <param name="maxResetsPerHour">Most modem restarts (soft reset and up) in any 60 minutes; at least 1.</param>
    /// <param name="hasPowerKey">Whether the board wires the power key.</param>
    /// <param name="hasHardReset">Whether the board has a load switch or RESET_N line.</param>
    /// <param name="backoffInitialMs">The first wait after the top rung failed.</param>
    /// <param name="backoffMaxMs">The longest wait.</param>
    public RecoveryLadder(int maxResetsPerHour, bool hasPowerKey, bool hasHardReset, long backoffInitialMs, long backoffMaxMs)
    {
        _maxResetsPerHour = maxResetsPerHour < 1 ? 1 : maxResetsPerHour;
        _resetTimes = new long[_maxResetsPerHour];
        _hasPowerKey = hasPowerKey;
        _hasHardReset = hasHardReset;
        _backoffInitialMs = backoffInitialMs;
        _backoffMaxMs = backoffMaxMs;
        BackoffMs = 0;
    }

    /// <summary>Gets the rung taken last, or <see cref="RecoveryStep.None"/>.</summary>
    public RecoveryStep Level { get; private set; }

    /// <summary>Gets the wait imposed before the next action because the top rung already failed, in ms.</summary>
    public long BackoffMs { get; private set; }

    /// <summary>Gets whether the last <see cref="Next"/> found the ladder exhausted, so <see cref="BackoffMs"/> must be waited first.</summary>
    public bool BackoffDue { get; private set; }

    /// <summary>Gets the configured cap.</summary>
    public int MaxResetsPerHour => _maxResetsPerHour;

    /// <summary>Gets how many times <paramref name="step"/> was taken since start.</summary>
    /// <param name="step">The rung.</param>
    /// <returns>The count.</returns>
    public int Attempts(RecoveryStep step) => _attempts[(int)step];

    /// <summary>Gets whether <paramref name="step"/> restarts the modem (and so counts against the cap).</summary>
    /// <param name="step">The rung.</param>
    /// <returns>True for soft reset and above.</returns>
    public static bool IsReset(RecoveryStep step) => step >= RecoveryStep.SoftReset;

    /// <summary>Picks the next rung for a failure whose mildest remedy is <paramref name="floor"/>.</summary>
    /// <param name="floor">Where this kind of failure enters the ladder.</param>
    /// <param name="atAlive">False when the modem does not answer AT: command rungs are skipped.</param>
    /// <returns>The rung to take.</returns>
    public RecoveryStep Next(RecoveryStep floor, bool atAlive)
    {
        RecoveryStep top = Top();
        BackoffDue = false;
        RecoveryStep step = Level >= floor ? Level + 1 : floor;
        while (step <= top && !Possible(step, atAlive, floor))
        {
            step++;
        }

        if (step > top)
        {
            step = top;
            BackoffDue = true;
            BackoffMs = BackoffMs == 0 ? _backoffInitialMs : (BackoffMs * 2 > _backoffMaxMs ? _backoffMaxMs : BackoffMs * 2);
        }

        return step;
    }

    /// <summary>Records that <paramref name="step"/> is being taken at <paramref name="nowMs"/>.</summary>
    /// <param name="step">The rung.</param>
    /// <param name="nowMs">Loop time.</param>
    public void Take(RecoveryStep step, long nowMs)
    {
        Level = step;
        _attempts[(int)step]++;
        if (IsReset(step))
        {
            _resetTimes[_resetNext] = nowMs;
            _resetNext = (_resetNext + 1) % _resetTimes.Length;
            if (_resetCount < _resetTimes.Length)
            {
                _resetCount++;
            }
        }
    }

    /// <summary>Gets how many resets were taken in the hour before <paramref name="nowMs"/>.</summary>
    /// <param name="nowMs">Loop time.</param>
    /// <returns>The count, at most the cap.</returns>
    public int ResetsInLastHour(long nowMs)
    {
        int n = 0;
        for (int i = 0; i < _resetCount; i++)
        {
            if (nowMs - _resetTimes[i] < HourMs)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Gets the earliest time another reset is allowed (<paramref name="nowMs"/> when allowed now).</summary>
    /// <param name="nowMs">Loop time.</param>
    /// <returns>Loop time in ms.</returns>
    public long NextResetAllowedAt(long nowMs)
    {
        if (ResetsInLastHour(nowMs) < _maxResetsPerHour)
        {
            return nowMs;
        }

        // The ring is full: the oldest entry is the next to leave the window.
        return _resetTimes[_resetNext] + HourMs;
    }

    /// <summary>The modem stayed healthy: start again from the bottom, with no back-off.</summary>
    public void Succeeded()
    {
        Level = RecoveryStep.None;
        BackoffMs = 0;
    }

    private RecoveryStep Top()
    {
        if (_hasHardReset)
        {
            return RecoveryStep.HardPowerCycle;
        }

        return _hasPowerKey ? RecoveryStep.PowerKeyCycle : RecoveryStep.SoftReset;
    }

    private bool Possible(RecoveryStep step, bool atAlive, RecoveryStep floor)
    {
        switch (step)
        {
            case RecoveryStep.OperatorReselect:
                // Only "not searching" calls for reselection; other failures go on to the radio cycle.
                return atAlive && floor == RecoveryStep.OperatorReselect;
            case RecoveryStep.PdpReactivate:
            case RecoveryStep.RadioCycle:
            case RecoveryStep.SoftReset:
                return atAlive;
            case RecoveryStep.GracefulPowerOff:
                return atAlive && _hasPowerKey;
            case RecoveryStep.PowerKeyCycle:
                return _hasPowerKey;
            case RecoveryStep.HardPowerCycle:
                return _hasHardReset;
            default:
                return true;
        }
    }
}
