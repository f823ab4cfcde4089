// nanoframework/System.Device.Gpio, System.Device.Gpio/PinValue.cs @ 5a27dd88672fc3885f218217169eec48e3169ef2
namespace System.Device.Gpio
{
    public readonly struct PinValue
    {
        public static PinValue High => throw new NotImplementedException();

        public static PinValue Low => throw new NotImplementedException();
    }
}
