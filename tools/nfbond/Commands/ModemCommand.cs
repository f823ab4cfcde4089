using System.CommandLine;
using NfBond.Cli.Modems;
using NfBond.Firmware.Runtime;
using NfBond.Simulation.Modems;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond modem replay|sim</c>: field-log decoding and the modem simulator.</summary>
public static class ModemCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create() => new("modem", "Cellular modems: decode field logs, simulate modules.")
    {
        Replay(),
        Sim(),
    };

    private static Command Replay()
    {
        Argument<FileInfo> log = new("uart-log") { Description = "what the modem printed, one line per line; lines starting with AT are the host's commands" };
        Option<bool> summary = new("--summary") { Description = "print one JSON object with the final decoded state instead of events" };
        Command replay = new("replay", "Decode a modem UART log into JSON lines (events) or a summary.") { log, summary };
        replay.SetAction(result =>
        {
            FileInfo file = result.GetValue(log)!;
            TextWriter output = result.InvocationConfiguration.Output;
            if (!file.Exists)
            {
                result.InvocationConfiguration.Error.WriteLine($"{file.FullName}: no such file");
                return NfBondCli.BadInput;
            }

            FieldLogDecoder decoder = new();
            using (StreamReader reader = new(file.FullName, System.Text.Encoding.Latin1))
            {
                decoder.Decode(reader, result.GetValue(summary) ? null : output);
            }

            if (result.GetValue(summary))
            {
                output.WriteLine(decoder.Summary());
            }

            return 0;
        });
        return replay;
    }

    private static Command Sim()
    {
        Option<string> personality = new("--personality") { Description = "ec25, rm500q or sim7600", DefaultValueFactory = _ => "ec25" };
        Option<bool> pty = new("--pty") { Description = "serve the modem on a new pseudo-terminal and print its device path", Required = true };
        Option<int> bootMs = new("--boot-ms") { Description = "power-on to RDY time", DefaultValueFactory = _ => 500 };
        Option<int> seconds = new("--seconds") { Description = "stop after this many seconds (0: run until interrupted)" };
        Option<int> hangAfter = new("--hang-after") { Description = "stop answering AT after this many seconds (0: never)" };
        Command sim = new("sim", "Run a simulated modem that answers like the real module, byte for byte.") { personality, pty, bootMs, seconds, hangAfter };
        sim.SetAction(result =>
        {
            ModemPersonality persona;
            try
            {
                persona = ModemPersonality.ByName(result.GetValue(personality)!);
            }
            catch (ArgumentException e)
            {
                result.InvocationConfiguration.Error.WriteLine(e.Message);
                return NfBondCli.BadInput;
            }

            EventLoop loop = new(new SystemClock());
            ModemSimulator modem = new(loop, persona, new ModemFaults { BootDelayMs = result.GetValue(bootMs) });
            using PtyModem host = new(loop, modem);
            loop.Post(_ => modem.PowerUp(), null);
            int hang = result.GetValue(hangAfter);
            if (hang > 0)
            {
                new LoopTimer(loop, _ => modem.Faults.Hang = true).Start(hang * 1000L);
            }

            int run = result.GetValue(seconds);
            if (run > 0)
            {
                new LoopTimer(loop, _ => loop.Stop()).Start(run * 1000L);
            }

            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                loop.Stop();
            };
            result.InvocationConfiguration.Output.WriteLine(host.DevicePath);
            result.InvocationConfiguration.Output.Flush();
            loop.Run();
            return 0;
        });
        return sim;
    }
}
