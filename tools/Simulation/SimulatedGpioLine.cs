using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Simulation;

/// <summary>A GPIO output that records each level change with its loop-clock time.</summary>
public sealed class SimulatedGpioLine : IGpioLine
{
    private readonly IClock _clock;
    private readonly List<(long TimeMs, bool High)> _changes = [];

    internal SimulatedGpioLine(int pin, bool initialHigh, IClock clock)
    {
        Pin = pin;
        IsHigh = initialHigh;
        _clock = clock;
    }

    /// <inheritdoc/>
    public int Pin { get; }

    /// <inheritdoc/>
    public bool IsHigh { get; private set; }

    /// <summary>Raised after each level change (a simulated modem watches its power key here).</summary>
    public event Action<SimulatedGpioLine>? Changed;

    /// <summary>Gets every level change, oldest first.</summary>
    public IReadOnlyList<(long TimeMs, bool High)> Changes => _changes;

    /// <inheritdoc/>
    public void Write(bool high)
    {
        bool changed = high != IsHigh;
        if (changed)
        {
            _changes.Add((_clock.NowMs, high));
        }

        IsHigh = high;
        if (changed)
        {
            Changed?.Invoke(this);
        }
    }
}
