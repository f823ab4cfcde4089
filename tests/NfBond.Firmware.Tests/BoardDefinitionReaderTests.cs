using System.Text.Json.Nodes;
using NfBond.Firmware.Boards;

namespace NfBond.Firmware.Tests;

public class BoardDefinitionReaderTests
{
    private static readonly string s_example = File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json"));

    [Fact]
    public void The_example_board_is_valid_and_fully_read()
    {
        BoardReadResult result = BoardDefinitionReader.Read(s_example);

        Assert.Equal(0, result.Problems.Count);
        BoardDefinition board = result.Board!;
        Assert.Equal("esp32-devkitc-2modem", board.Id);
        Assert.Equal("esp32", board.Mcu);
        Assert.Equal(2, board.StatusLedPin);
        Assert.Equal(2, board.Modems.Length);
        Assert.Equal("EC25", board.Modems[0].Model);
        Assert.Equal("COM2", board.Modems[0].Uart.Port);
        Assert.Equal(115200, board.Modems[0].Uart.Baud);
        Assert.Equal(18, board.Modems[0].Uart.RtsPin);
        Assert.Equal(-1, board.Modems[1].Uart.RtsPin);
        Assert.Equal(26, board.Modems[0].ResetPin);
    }

    public static TheoryData<Action<JsonNode>, string> BrokenBoards => new()
    {
        { b => b["modems"]![1]!["uart"]!["baud"] = 115201, "$.modems[1].uart.baud: 115201 is not a supported baud rate; allowed: 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600" },
        { b => b["modems"]![1]!["uart"]!["port"] = "COM2", "$.modems[1].uart.port: \"COM2\" is already used by $.modems[0].uart; each modem needs its own UART" },
        { b => b["modems"]![0]!["uart"]!["port"] = "COM1", "$.modems[0].uart.port: \"COM1\" is the nanoFramework debugger's UART on the ESP32; use COM2 or COM3" },
        { b => b["modems"]![1]!["powerKeyGpio"] = 2, "$.modems[1].powerKeyGpio: 2 is already used by $.statusLed.gpio; each GPIO may have one function" },
        { b => b["modems"]![1]!["resetGpio"] = 35, "$.modems[1].resetGpio: 35 is input-only on the ESP32 (GPIO 34 to 39); use an output-capable pin for this signal" },
        { b => b["modems"]![0]!["uart"]!["txPin"] = 40, "$.modems[0].uart.txPin: 40 is not allowed; an integer from 0 to 39 is required" },
        { b => b["modems"]![0]!["model"] = "EC21", "$.modems[0].model: \"EC21\" is not allowed; allowed: EC25, EG25-G, RM500Q, RM520N, SIM7600, A7670" },
        { b => b["modems"]![1]!["name"] = "modem1", "$.modems[1].name: \"modem1\" is already used by $.modems[0]; modem names must be unique" },
        { b => b["statusLed"]!["gpoi"] = 3, "$.statusLed.gpoi: unknown key; allowed keys: gpio, activeHigh" },
        { b => b.AsObject().Remove("mcu"), "$.mcu: missing; a non-empty string is required" },
        { b => b["mcu"] = "avr", "$.mcu: \"avr\" is not allowed; allowed: esp32, stm32" },
        { b => b["format"] = "nfbond-board/2", "$.format: \"nfbond-board/2\" is not allowed; allowed: nfbond-board/1" },
        { b => b["modems"] = new JsonArray(), "$.modems: 0 entries; from 1 to 4 are allowed" },
        { b => b["modems"]![1]!["uart"]!["rtsPin"] = 21, "$.modems[1].uart: hardware flow control needs both rtsPin and ctsPin, or neither" },
        { b => b["modems"]![0]!["powerKeyActiveHigh"] = "yes", "$.modems[0].powerKeyActiveHigh: \"yes\" is not allowed; true or false is required" },
    };

    [Theory]
    [MemberData(nameof(BrokenBoards))]
    public void Each_mistake_is_reported_with_path_value_and_what_is_allowed(Action<JsonNode> breakIt, string expected)
    {
        JsonNode board = JsonNode.Parse(s_example)!;
        breakIt(board);

        BoardReadResult result = BoardDefinitionReader.Read(board.ToJsonString());

        Assert.Null(result.Board);
        Assert.Equal([expected], Problems(result));
    }

    [Fact]
    public void All_problems_are_reported_in_one_pass()
    {
        JsonNode board = JsonNode.Parse(s_example)!;
        board["modems"]![0]!["uart"]!["baud"] = 1;
        board["modems"]![1]!["model"] = "X";
        board["extra"] = true;

        Assert.Equal(3, BoardDefinitionReader.Read(board.ToJsonString()).Problems.Count);
    }

    [Fact]
    public void Malformed_json_names_line_and_column()
    {
        string broken = s_example.Replace("\"mcu\": \"esp32\",", "\"mcu\": \"esp32\"");

        Assert.Equal(["$: not valid JSON: line 6, column 3: expected ',' or '}' in object"], Problems(BoardDefinitionReader.Read(broken)));
        Assert.Equal(["$: an array is not allowed; a board definition is a JSON object"], Problems(BoardDefinitionReader.Read("[]")));
    }

    [Fact]
    public void An_stm32_board_uses_port_times_16_numbering_and_more_uarts()
    {
        JsonNode board = JsonNode.Parse(s_example)!;
        board["mcu"] = "stm32";
        board["modems"]![0]!["uart"]!["port"] = "COM6";
        board["modems"]![0]!["uart"]!["txPin"] = 150;
        board["modems"]![1]!["resetGpio"] = 35;

        BoardReadResult result = BoardDefinitionReader.Read(board.ToJsonString());

        Assert.Equal(0, result.Problems.Count);
        Assert.Equal(150, result.Board!.Modems[0].Uart.TxPin);
    }

    private static string[] Problems(BoardReadResult result) => result.Problems.ToArray();
}
