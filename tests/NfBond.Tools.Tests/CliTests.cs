using NfBond.Cli;
using static NfBond.Tools.Tests.CliRun;

namespace NfBond.Tools.Tests;

public class CliTests
{
    [Fact]
    public void Portability_is_clean_on_firmware_and_fails_with_file_and_line_on_a_planted_violation()
    {
        (int clean, _, string cleanErr) = Run("portability", Path.Combine(RepoPaths.Root, "firmware"), Path.Combine(RepoPaths.Root, "hal", "Contracts"));
        Assert.Equal(0, clean);
        Assert.Contains("portability: clean", cleanErr);

        string dir = Directory.CreateTempSubdirectory("nfbond-plant").FullName;
        string file = Path.Combine(dir, "Bad.cs");
        File.WriteAllText(file, "namespace P;\npublic class Bad\n{\n    public int? Maybe;\n    public bool Has(System.Collections.Hashtable h) => h.ContainsKey(1);\n}\n");
        (int exit, string output, string err) = Run("portability", dir);

        Assert.Equal(1, exit);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{file}:4: 'int?' is Nullable<int>", lines[0]);
        Assert.StartsWith($"{file}:5: 'Hashtable.ContainsKey(object)' is not in the nanoFramework 1.x API", lines[1]);
        Assert.Contains("2 problem(s) in 1 file(s)", err);
    }

    [Fact]
    public void Portability_on_a_missing_path_is_bad_input()
    {
        (int exit, _, string err) = Run("portability", "/no/such/dir");
        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("no such file or folder: /no/such/dir", err);
    }

    [Fact]
    public void Board_validate_prints_every_problem_with_the_file_and_path()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("nfbond-board").FullName, "bad.json");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json")).Replace("\"COM3\"", "\"COM1\""));

        (int exit, _, string err) = Run("board", "validate", file);

        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Equal($"{file}: $.modems[1].uart.port: \"COM1\" is the nanoFramework debugger's UART on the ESP32; use COM2 or COM3", err.Trim());
        Assert.Equal(0, Run("board", "validate", Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json")).Exit);
    }

    [Fact]
    public void Controller_sim_runs_the_loop_on_virtual_time()
    {
        (int exit, string output, _) = Run("controller", "--sim", "--virtual", "--seconds", "3600");

        Assert.Equal(0, exit);
        Assert.Contains("board: started esp32-devkitc-2modem", output);
        Assert.Contains("[ 3600.000s] board: stopped after 3600 s of loop time", output);
        Assert.Contains("status LED (GPIO 2) toggled 7200 times; heartbeats 7200; loop faults 0", output);
    }

    [Fact]
    public void Controller_without_sim_or_with_a_bad_duration_says_why()
    {
        (int exit, _, string err) = Run("controller");
        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("give --sim for a simulated controller, or --config site.json to run on this Linux router", err);
        (exit, _, err) = Run("controller", "--sim", "--virtual");
        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("give a positive number with --virtual", err);
    }

    [Fact]
    public void A_linux_controller_needs_the_board_that_says_where_each_modem_is()
    {
        (int exit, _, string err) = Run("controller", "--config", Path.Combine(RepoPaths.Root, "docs", "examples", "site-bakery.json"), "--seconds", "1");
        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("link \"lte\" uses modem \"modem1\", which board linux-host does not have; give --board with a modem port of that name", err);
        (exit, _, err) = Run("controller", "--sim", "--broker", "http://x", "--seconds", "1");
        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("--broker \"http://x\" is not allowed; mqtt://host:port or mqtts://host:port", err);
    }

    [Fact]
    public void Bench_rejects_an_unknown_name()
    {
        (int exit, _, string err) = Run("bench", "nope");
        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("no benchmark named 'nope'; available: loop", err);
    }
}
