using System.Device.Gpio;

namespace NfBond.Hal.Nano
{
    /// <summary>The board's GPIO outputs on nanoFramework's <c>System.Device.Gpio</c>.</summary>
    public sealed class NanoGpio : IGpioController
    {
        private readonly GpioController _controller = new GpioController();

        /// <inheritdoc/>
        public IGpioLine OpenOutput(int pin, bool initialHigh)
        {
            _controller.OpenPin(pin, PinMode.Output);
            NanoGpioLine line = new NanoGpioLine(_controller, pin);
            line.Write(initialHigh);
            return line;
        }

        private sealed class NanoGpioLine : IGpioLine
        {
            private readonly GpioController _controller;

            public NanoGpioLine(GpioController controller, int pin)
            {
                _controller = controller;
                Pin = pin;
            }

            public int Pin { get; }

            public bool IsHigh { get; private set; }

            public void Write(bool high)
            {
                _controller.Write(Pin, high ? PinValue.High : PinValue.Low);
                IsHigh = high;
            }
        }
    }
}
