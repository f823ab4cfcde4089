using NfBond.Firmware.Boards;
using nanoFramework.Hardware.Esp32;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// Routes a UART to the board file's pins. On ESP32, COM2 and COM3 have no default pins (COM1 is
    /// the debugger's), so every modem port must be set up before its SerialPort opens.
    /// </summary>
    public static class Esp32Uart
    {
        /// <summary>Assigns TX, RX and (when wired) RTS/CTS pin functions.</summary>
        /// <param name="uart">The board file's UART.</param>
        /// <returns>Null when done, else why not (a port other than COM2 or COM3).</returns>
        public static string Configure(UartDefinition uart)
        {
            if (uart.Port == "COM2")
            {
                Assign(uart, DeviceFunction.COM2_TX, DeviceFunction.COM2_RX, DeviceFunction.COM2_RTS, DeviceFunction.COM2_CTS);
                return null;
            }

            if (uart.Port == "COM3")
            {
                Assign(uart, DeviceFunction.COM3_TX, DeviceFunction.COM3_RX, DeviceFunction.COM3_RTS, DeviceFunction.COM3_CTS);
                return null;
            }

            return "UART " + uart.Port + " cannot carry a modem on ESP32; COM2 or COM3 (COM1 is the debug port)";
        }

        private static void Assign(UartDefinition uart, DeviceFunction tx, DeviceFunction rx, DeviceFunction rts, DeviceFunction cts)
        {
            Configuration.SetPinFunction(uart.TxPin, tx);
            Configuration.SetPinFunction(uart.RxPin, rx);
            if (uart.RtsPin >= 0)
            {
                Configuration.SetPinFunction(uart.RtsPin, rts);
            }

            if (uart.CtsPin >= 0)
            {
                Configuration.SetPinFunction(uart.CtsPin, cts);
            }
        }
    }
}
