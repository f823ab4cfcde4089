// nanoframework/nanoFramework.Hardware.Esp32, nanoFramework.Hardware.Esp32/DeviceTypePins.cs @ 2eb59efa386f01421d0ab7ab316480c14268ebcc
// DeviceTypes.SERIAL = 3 * 0x10000; COMn_x = SERIAL + n * 0x100 + (TX 0, RX 1, RTS 2, CTS 3).
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM2_TX = 0x30200,
        COM2_RX = 0x30201,
        COM2_RTS = 0x30202,
        COM2_CTS = 0x30203,
        COM3_TX = 0x30300,
        COM3_RX = 0x30301,
        COM3_RTS = 0x30302,
        COM3_CTS = 0x30303,
    }
}
