// nanoframework/System.Device.Gpio, System.Device.Gpio/PinMode.cs @ 5a27dd88672fc3885f218217169eec48e3169ef2
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }
}
