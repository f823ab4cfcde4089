using System.Collections;
using NfBond.Firmware.Config;

namespace NfBond.Firmware.Boards;

/// <summary>
/// Tracks which GPIOs and UART ports a board definition has assigned, and applies the MCU's pin rules.
/// </summary>
internal sealed class PinPlan
{
    // ESP32 GPIO 34 to 39 are input-only; COM1 is the debugger's UART on nanoFramework.
    private const int Esp32MaxPin = 39;
    private const int Esp32FirstInputOnly = 34;

    // nanoFramework numbers STM32 pins port * 16 + pin: PA0 = 0 ... PK15 = 175.
    private const int Stm32MaxPin = 175;

    private readonly string _mcu;
    private readonly ConfigProblems _problems;
    private readonly Hashtable _owners = new Hashtable();

    public PinPlan(string mcu, ConfigProblems problems)
    {
        _mcu = mcu;
        _problems = problems;
    }

    /// <summary>Reads a pin, checks range, direction and uniqueness; returns -1 when absent or bad.</summary>
    public int Claim(ConfigNode node, string key, bool required, bool output)
    {
        int max = _mcu == "stm32" ? Stm32MaxPin : Esp32MaxPin;
        int problemsBefore = _problems.Count;
        int pin = required ? node.RequireInt(key, 0, max) : node.OptionalInt(key, 0, max, -1);
        if (pin < 0 || _problems.Count > problemsBefore)
        {
            return -1;
        }

        string path = node.PathOf(key);
        if (output && _mcu == "esp32" && pin >= Esp32FirstInputOnly)
        {
            _problems.Add(path, pin.ToString() + " is input-only on the ESP32 (GPIO 34 to 39); use an output-capable pin for this signal");
        }

        if (_owners.Contains(pin))
        {
            _problems.Add(path, pin.ToString() + " is already used by " + (string)_owners[pin]! + "; each GPIO may have one function");
            return pin;
        }

        _owners[pin] = path;
        return pin;
    }

    /// <summary>Reads a UART port name and checks it is usable and not taken.</summary>
    public string ClaimPort(ConfigNode uart, Hashtable ports)
    {
        string port = uart.RequireString("port");
        if (port.Length == 0)
        {
            return port;
        }

        string path = uart.PathOf("port");
        int number = -1;
        if (port.Length == 4 && port.Substring(0, 3) == "COM")
        {
            number = port[3] - '0';
        }

        int highest = _mcu == "stm32" ? 8 : 3;
        if (number < 1 || number > highest)
        {
            _problems.Add(path, "\"" + port + "\" is not allowed; allowed: COM1 to COM" + highest.ToString());
        }
        else if (_mcu == "esp32" && number == 1)
        {
            _problems.Add(path, "\"COM1\" is the nanoFramework debugger's UART on the ESP32; use COM2 or COM3");
        }
        else if (ports.Contains(port))
        {
            _problems.Add(path, "\"" + port + "\" is already used by " + (string)ports[port]! + "; each modem needs its own UART");
        }
        else
        {
            ports[port] = uart.Path;
        }

        return port;
    }
}
