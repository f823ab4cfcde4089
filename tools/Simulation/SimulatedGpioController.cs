using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Simulation;

/// <summary>Hands out <see cref="SimulatedGpioLine"/>s and refuses to open a pin twice, as real drivers do.</summary>
public sealed class SimulatedGpioController : IGpioController
{
    private readonly IClock _clock;
    private readonly Dictionary<int, SimulatedGpioLine> _lines = [];

    /// <summary>Creates a controller whose lines stamp changes with <paramref name="clock"/>.</summary>
    public SimulatedGpioController(IClock clock)
    {
        _clock = clock;
    }

    /// <summary>Raised when a line is opened, so simulated hardware can wire itself to it.</summary>
    public event Action<SimulatedGpioLine>? Opened;

    /// <summary>Gets the line opened on <paramref name="pin"/>.</summary>
    /// <exception cref="KeyNotFoundException">The pin was never opened.</exception>
    public SimulatedGpioLine Line(int pin) => _lines.TryGetValue(pin, out SimulatedGpioLine? line)
        ? line
        : throw new KeyNotFoundException($"GPIO {pin} was never opened");

    /// <inheritdoc/>
    public IGpioLine OpenOutput(int pin, bool initialHigh)
    {
        if (_lines.ContainsKey(pin))
        {
            throw new InvalidOperationException($"GPIO {pin} is already open");
        }

        SimulatedGpioLine line = new(pin, initialHigh, _clock);
        _lines.Add(pin, line);
        Opened?.Invoke(line);
        return line;
    }
}
