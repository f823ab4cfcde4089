namespace NfBond.Firmware.Links;

/// <summary>
/// A link's flap penalty: grows by a fixed amount per down transition and halves every half-life.
/// Decay uses integer halvings plus a linear step inside the last half-life, always from the penalty at the last flap (nanoFramework has no
/// Math.Pow); the error is below 6 % and always on the side of decaying slower.
/// </summary>
public sealed class FlapDampener
{
    private readonly DampeningSettings _settings;
    // The penalty at the last flap; later values are always decayed from this base, never step by step,
    // so the approximation's error does not compound with how often the penalty is read.
    private long _basePenalty;
    private long _baseMs;

    /// <summary>Creates a dampener.</summary>
    /// <param name="settings">The thresholds and half-life.</param>
    public FlapDampener(DampeningSettings settings)
    {
        _settings = settings;
    }

    /// <summary>Gets whether the link is currently kept out of service.</summary>
    public bool IsSuppressed { get; private set; }

    /// <summary>Gets the penalty as of a time.</summary>
    /// <param name="nowMs">Loop time.</param>
    /// <returns>The decayed penalty.</returns>
    public long PenaltyAt(long nowMs)
    {
        return nowMs > _baseMs ? Decayed(_basePenalty, nowMs - _baseMs) : _basePenalty;
    }

    /// <summary>Records a down transition.</summary>
    /// <param name="nowMs">Loop time.</param>
    /// <returns>True if this flap suppressed the link.</returns>
    public bool RecordFlap(long nowMs)
    {
        if (!_settings.Enabled)
        {
            return false;
        }

        _basePenalty = PenaltyAt(nowMs) + _settings.Penalty;
        _baseMs = nowMs;
        if (!IsSuppressed && _basePenalty >= _settings.SuppressAt)
        {
            IsSuppressed = true;
            return true;
        }

        return false;
    }

    /// <summary>Releases a suppressed link once its penalty fell to the reuse threshold.</summary>
    /// <param name="nowMs">Loop time.</param>
    /// <returns>True if the link was released by this call.</returns>
    public bool TryReuse(long nowMs)
    {
        if (IsSuppressed && PenaltyAt(nowMs) <= _settings.ReuseAt)
        {
            IsSuppressed = false;
            return true;
        }

        return false;
    }

    /// <summary>Gets the time from <paramref name="nowMs"/> until a suppressed link may be reused, or 0.</summary>
    /// <param name="nowMs">Loop time.</param>
    /// <returns>Milliseconds, rounded up to whole tenths of a half-life.</returns>
    public long ReuseInMs(long nowMs)
    {
        if (!IsSuppressed)
        {
            return 0;
        }

        long step = _settings.HalfLifeMs / 10;
        long waited = 0;
        while (PenaltyAt(nowMs + waited) > _settings.ReuseAt && waited < 64L * _settings.HalfLifeMs)
        {
            waited += step;
        }

        return waited;
    }

    private long Decayed(long penalty, long elapsedMs)
    {
        long halfLife = _settings.HalfLifeMs;
        long halvings = elapsedMs / halfLife;
        if (halvings >= 62)
        {
            return 0;
        }

        long value = penalty >> (int)halvings;
        long rest = elapsedMs % halfLife;
        // On [0, 1] the chord 1 - x/2 lies above the convex 2^-x: the linear step never decays faster than the true curve.
        return value - value * rest / (2 * halfLife);
    }
}
