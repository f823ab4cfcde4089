namespace NfBond.Hal;

/// <summary>Hands out GPIO lines by the board's pin numbers.</summary>
public interface IGpioController
{
    /// <summary>Opens <paramref name="pin"/> as an output driven to <paramref name="initialHigh"/>.</summary>
    /// <param name="pin">The pin number from the board definition.</param>
    /// <param name="initialHigh">The level to drive at once.</param>
    /// <returns>The open line.</returns>
    IGpioLine OpenOutput(int pin, bool initialHigh);
}
