using System;

namespace NfBond.Firmware.Runtime;

/// <summary>
/// A clock that only moves when told to. Drive it with <see cref="EventLoop.RunUntil"/> or
/// <see cref="EventLoop.RunFor"/> so every timer fires at exactly its due time.
/// </summary>
public sealed class VirtualClock : IClock
{
    private long _nowMs;

    /// <summary>Creates a virtual clock starting at <paramref name="startMs"/>.</summary>
    /// <param name="startMs">The initial time in milliseconds.</param>
    public VirtualClock(long startMs = 0)
    {
        _nowMs = startMs;
    }

    /// <inheritdoc/>
    public long NowMs => _nowMs;

    /// <summary>Moves the clock forward to <paramref name="timeMs"/>.</summary>
    /// <param name="timeMs">The new time; must not be earlier than <see cref="NowMs"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The clock would go backwards.</exception>
    public void AdvanceTo(long timeMs)
    {
        if (timeMs < _nowMs)
        {
            throw new ArgumentOutOfRangeException(nameof(timeMs), "a monotonic clock cannot go backwards");
        }

        _nowMs = timeMs;
    }
}
