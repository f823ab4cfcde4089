namespace NfBond.Hal;

/// <summary>
/// One digital output line: a status LED, a modem's power key or reset input.
/// </summary>
/// <remarks>Polarity is handled by the caller: <see cref="Write"/> sets the electrical level.</remarks>
public interface IGpioLine
{
    /// <summary>Gets the pin number in the board's numbering.</summary>
    int Pin { get; }

    /// <summary>Gets the level last written.</summary>
    bool IsHigh { get; }

    /// <summary>Drives the line high or low.</summary>
    /// <param name="high">True for high.</param>
    void Write(bool high);
}
