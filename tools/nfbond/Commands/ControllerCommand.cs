using System.CommandLine;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond controller --sim</c>: runs the controller loop against simulated hardware.</summary>
public static class ControllerCommand
{
    private const string ExampleBoardResource = "esp32-devkitc-2modem.json";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<bool> sim = new("--sim") { Description = "run against simulated hardware (the only mode until the Linux HAL exists)" };
        Option<FileInfo?> board = new("--board") { Description = "board definition (default: the built-in ESP32-DevKitC with two modems)" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: run until Ctrl+C)" };
        Option<bool> virtualTime = new("--virtual") { Description = "run the given --seconds on a virtual clock, as fast as the CPU allows" };
        Command command = new("controller", "Run a controller.") { sim, board, seconds, virtualTime };
        command.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            if (!result.GetValue(sim))
            {
                error.WriteLine("nfbond controller: only --sim is available on this build (real serial ports and Linux networking arrive with the hardware HAL)");
                return NfBondCli.BadInput;
            }

            double runSeconds = result.GetValue(seconds);
            bool useVirtual = result.GetValue(virtualTime);
            if (runSeconds < 0 || (useVirtual && runSeconds <= 0))
            {
                error.WriteLine($"nfbond controller: --seconds {runSeconds} is not allowed; give a positive number{(useVirtual ? " with --virtual" : " or leave it out")}");
                return NfBondCli.BadInput;
            }

            FileInfo? boardFile = result.GetValue(board);
            BoardReadResult read = boardFile != null
                ? BoardCommand.Load(boardFile, error)
                : BoardDefinitionReader.Read(ReadExampleBoard());
            if (read.Board == null)
            {
                return NfBondCli.BadInput;
            }

            return Run(read.Board, runSeconds, useVirtual, output);
        });
        return command;
    }

    private static int Run(BoardDefinition board, double seconds, bool useVirtual, TextWriter output)
    {
        VirtualClock? virtualClock = useVirtual ? new VirtualClock() : null;
        IClock clock = virtualClock ?? (IClock)new SystemClock();
        long origin = clock.NowMs;
        EventLoop loop = new(clock);
        EventLog log = new(clock, 256)
        {
            Logged = entry => output.WriteLine($"[{(entry.TimeMs - origin) / 1000.0,9:F3}s] {entry.Source}: {entry.Message}"),
        };
        loop.FaultHandler = (source, ex) => log.Add("loop", $"callback {source} failed: {ex.Message}");
        SimulatedGpioController gpio = new(clock);
        FirmwareController controller = new(loop, board, gpio, log);
        controller.Start();
        long durationMs = (long)(seconds * 1000);
        if (virtualClock != null)
        {
            loop.RunFor(virtualClock, durationMs);
        }
        else
        {
            LoopTimer stopAfter = new(loop, _ => loop.Stop());
            if (durationMs > 0)
            {
                stopAfter.Start(durationMs);
            }

            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                loop.Stop();
            };
            Console.CancelKeyPress += onCancel;
            output.WriteLine(durationMs > 0 ? $"running for {seconds} s on real time" : "running on real time; Ctrl+C stops");
            loop.Run();
            Console.CancelKeyPress -= onCancel;
        }

        controller.Stop();
        SimulatedGpioLine led = gpio.Line(board.StatusLedPin);
        output.WriteLine($"status LED (GPIO {board.StatusLedPin}) toggled {led.Changes.Count} times; heartbeats {controller.HeartbeatCount}; loop faults {loop.FaultCount}");
        return loop.FaultCount == 0 ? 0 : 1;
    }

    private static string ReadExampleBoard()
    {
        using Stream stream = typeof(ControllerCommand).Assembly.GetManifestResourceStream(ExampleBoardResource)
            ?? throw new InvalidOperationException($"resource {ExampleBoardResource} is missing");
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }
}
