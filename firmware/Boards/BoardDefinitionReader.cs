using System.Collections;
using NfBond.Firmware.Config;
using NfBond.Firmware.Json;

namespace NfBond.Firmware.Boards;

/// <summary>
/// Reads and validates a board definition (format <c>nfbond-board/1</c>). Checks what would otherwise
/// fail silently on the bench: pins out of range or used twice, input-only ESP32 pins used as outputs,
/// the debugger's UART taken for a modem, unsupported baud rates and modem models, misspelt keys.
/// </summary>
public static class BoardDefinitionReader
{
    /// <summary>The format tag a board file must carry.</summary>
    public const string Format = "nfbond-board/1";

    /// <summary>The MCU families supported.</summary>
    public static readonly string[] McuFamilies = new string[] { "esp32", "stm32" };

    /// <summary>The modem models the supervisor has drivers for.</summary>
    public static readonly string[] ModemModels = new string[] { "EC25", "EG25-G", "RM500Q", "RM520N", "SIM7600", "A7670" };

    /// <summary>The UART speeds the supported modems accept.</summary>
    public static readonly int[] BaudRates = new int[] { 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600 };

    private const int MaxModems = 4;

    private static readonly string[] s_boardKeys = new string[] { "format", "id", "name", "mcu", "statusLed", "modems" };
    private static readonly string[] s_ledKeys = new string[] { "gpio", "activeHigh" };
    private static readonly string[] s_modemKeys = new string[] { "name", "model", "uart", "powerKeyGpio", "powerKeyActiveHigh", "resetGpio", "resetActiveHigh" };
    private static readonly string[] s_uartKeys = new string[] { "port", "txPin", "rxPin", "baud", "rtsPin", "ctsPin" };

    /// <summary>Parses and validates a board definition.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The board, or the full list of problems.</returns>
    public static BoardReadResult Read(string json)
    {
        ConfigProblems problems = new ConfigProblems();
        ConfigNode? board = ConfigNode.OpenDocument(json, "a board definition", Format, s_boardKeys, problems);
        if (board == null)
        {
            return new BoardReadResult(null, problems);
        }

        string id = board.RequireString("id");
        string name = board.RequireString("name");
        string mcu = board.RequireChoice("mcu", McuFamilies);
        PinPlan pins = new PinPlan(mcu, problems);

        int ledPin = -1;
        bool ledActiveHigh = true;
        ConfigNode? led = board.RequireObject("statusLed");
        if (led != null)
        {
            led.RejectUnknownKeys(s_ledKeys);
            ledPin = pins.Claim(led, "gpio", true, true);
            ledActiveHigh = led.OptionalBool("activeHigh", true);
        }

        ModemPortDefinition[] modems = ReadModems(board, pins);
        if (problems.Count > 0)
        {
            return new BoardReadResult(null, problems);
        }

        return new BoardReadResult(new BoardDefinition(id, name, mcu, ledPin, ledActiveHigh, modems), problems);
    }

    private static ModemPortDefinition[] ReadModems(ConfigNode board, PinPlan pins)
    {
        JsonArray? array = board.RequireArray("modems", 1, MaxModems);
        if (array == null)
        {
            return new ModemPortDefinition[0];
        }

        int count = array.Count > MaxModems ? MaxModems : array.Count;
        ModemPortDefinition[] modems = new ModemPortDefinition[count];
        Hashtable names = new Hashtable();
        Hashtable ports = new Hashtable();
        for (int i = 0; i < count; i++)
        {
            ConfigNode? modem = board.ObjectAt(array, "modems", i);
            if (modem == null)
            {
                continue;
            }

            modem.RejectUnknownKeys(s_modemKeys);
            string name = modem.RequireString("name");
            if (name.Length > 0)
            {
                if (names.Contains(name))
                {
                    board.Problems.Add(modem.PathOf("name"), "\"" + name + "\" is already used by " + (string)names[name]! + "; modem names must be unique");
                }
                else
                {
                    names[name] = modem.Path;
                }
            }

            string model = modem.RequireChoice("model", ModemModels);
            UartDefinition uart = ReadUart(modem, pins, ports);
            int powerKey = pins.Claim(modem, "powerKeyGpio", true, true);
            bool powerKeyActiveHigh = modem.OptionalBool("powerKeyActiveHigh", true);
            int reset = pins.Claim(modem, "resetGpio", false, true);
            bool resetActiveHigh = modem.OptionalBool("resetActiveHigh", true);
            modems[i] = new ModemPortDefinition(name, model, uart, powerKey, powerKeyActiveHigh, reset, resetActiveHigh);
        }

        return modems;
    }

    private static UartDefinition ReadUart(ConfigNode modem, PinPlan pins, Hashtable ports)
    {
        ConfigNode? uart = modem.RequireObject("uart");
        if (uart == null)
        {
            return new UartDefinition("", -1, -1, 0, -1, -1);
        }

        uart.RejectUnknownKeys(s_uartKeys);
        string port = pins.ClaimPort(uart, ports);
        int tx = pins.Claim(uart, "txPin", true, true);
        int rx = pins.Claim(uart, "rxPin", true, false);
        int baud = ReadBaud(uart);
        int rts = pins.Claim(uart, "rtsPin", false, true);
        int cts = pins.Claim(uart, "ctsPin", false, false);
        if ((rts < 0) != (cts < 0))
        {
            uart.Problems.Add(uart.Path, "hardware flow control needs both rtsPin and ctsPin, or neither");
        }

        return new UartDefinition(port, tx, rx, baud, rts, cts);
    }

    private static int ReadBaud(ConfigNode uart)
    {
        int problemsBefore = uart.Problems.Count;
        int baud = uart.RequireInt("baud", 1, 4000000);
        if (uart.Problems.Count > problemsBefore)
        {
            return baud;
        }

        for (int i = 0; i < BaudRates.Length; i++)
        {
            if (BaudRates[i] == baud)
            {
                return baud;
            }
        }

        string allowed = "";
        for (int i = 0; i < BaudRates.Length; i++)
        {
            allowed += (i > 0 ? ", " : "") + BaudRates[i].ToString();
        }

        uart.Problems.Add(uart.PathOf("baud"), baud.ToString() + " is not a supported baud rate; allowed: " + allowed);
        return baud;
    }
}
