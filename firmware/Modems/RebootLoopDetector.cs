namespace NfBond.Firmware.Modems;

/// <summary>
/// Tells a modem that keeps restarting by itself (a supply that browns out under transmit load) from one
/// that restarted once: it remembers the times of the last few unrequested restarts.
/// </summary>
public sealed class RebootLoopDetector
{
    private readonly long[] _times;
    private readonly long _windowMs;
    private int _count;

    /// <summary>Creates a detector.</summary>
    /// <param name="count">How many restarts make a loop; at least 1.</param>
    /// <param name="windowMs">Within how long.</param>
    public RebootLoopDetector(int count, long windowMs)
    {
        _times = new long[count < 1 ? 1 : count];
        _windowMs = windowMs;
    }

    /// <summary>Records an unrequested restart.</summary>
    /// <param name="nowMs">When it happened.</param>
    /// <returns>True when this and the restarts before it make a loop.</returns>
    public bool Restarted(long nowMs)
    {
        _times[_count % _times.Length] = nowMs;
        _count++;
        if (_count < _times.Length)
        {
            return false;
        }

        long oldest = _times[_count % _times.Length];
        return nowMs - oldest <= _windowMs;
    }
}
