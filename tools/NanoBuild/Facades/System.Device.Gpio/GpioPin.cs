// nanoframework/System.Device.Gpio, System.Device.Gpio/GpioPin.cs @ 641300e8b9601d28198eb23f6ab0d0602198e543 (returned by OpenPin; no member of it is used)
namespace System.Device.Gpio
{
    public sealed class GpioPin
    {
        internal GpioPin() => throw new NotImplementedException();
    }
}
