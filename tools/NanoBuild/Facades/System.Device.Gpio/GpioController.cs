// nanoframework/System.Device.Gpio, System.Device.Gpio/GpioController.cs @ 162ca3b8531e0ae533721f4de5b92a0020ad68d6
namespace System.Device.Gpio
{
    public sealed class GpioController : IDisposable
    {
        public GpioController() => throw new NotImplementedException();

        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw new NotImplementedException();

        public void Write(int pinNumber, PinValue value) => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }
}
