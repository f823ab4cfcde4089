using NfBond.Hal;

namespace NfBond.Firmware.Controller;

/// <summary>
/// A GPIO line seen as "asserted or not" (power key pressed, reset held) whatever its electrical
/// polarity on this board, which is what <see cref="Modems.ModemPins"/> expects.
/// </summary>
public sealed class ActiveLevelLine : IGpioLine
{
    private readonly IGpioLine _line;
    private readonly bool _activeHigh;

    /// <summary>Opens <paramref name="pin"/> released.</summary>
    /// <param name="gpio">The board's GPIO.</param>
    /// <param name="pin">The pin.</param>
    /// <param name="activeHigh">True if a high level asserts the function.</param>
    public ActiveLevelLine(IGpioController gpio, int pin, bool activeHigh)
    {
        _activeHigh = activeHigh;
        _line = gpio.OpenOutput(pin, !activeHigh);
    }

    /// <inheritdoc/>
    public int Pin => _line.Pin;

    /// <summary>Gets whether the function is asserted.</summary>
    public bool IsHigh => _line.IsHigh == _activeHigh;

    /// <summary>Asserts (true) or releases (false) the function.</summary>
    /// <param name="high">True to assert.</param>
    public void Write(bool high)
    {
        _line.Write(high == _activeHigh);
    }
}
