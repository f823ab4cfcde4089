// nanoframework/nanoFramework.Hardware.Esp32, nanoFramework.Hardware.Esp32/Configuration.cs @ 2fcc3520f586c75ff6001c1bf91425df1b8dd053
namespace nanoFramework.Hardware.Esp32
{
    public static class Configuration
    {
        public static void SetPinFunction(int gpioNumber, DeviceFunction deviceFunction) => throw new System.NotImplementedException();
    }
}
