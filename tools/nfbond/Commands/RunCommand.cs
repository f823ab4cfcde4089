using System.CommandLine;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond run --site FILE</c>: the WAN controller on this Linux router.</summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<FileInfo> site = new("--site") { Description = "the site file (see nfbond config validate)", Required = true };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C or SIGTERM)" };
        Command command = new("run", "Run the WAN controller on this Linux router (root): probe the site's links, steer traffic by the plan, print events as JSON lines.")
        {
            site, seconds,
        };
        command.SetAction(result =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            SiteReadResult read = ConfigCommand.Load(result.GetValue(site)!, error);
            if (read.Site == null)
            {
                return NfBondCli.BadInput;
            }

            if (!OperatingSystem.IsLinux())
            {
                error.WriteLine("nfbond run: needs Linux (policy routing, nftables, SO_BINDTODEVICE)");
                return NfBondCli.BadInput;
            }

            EventLoop loop = new(new SystemClock());
            ControllerHost host = new(read.Site, loop, PlatformParts.Linux(loop, read.Site, null, false), null, null, result.InvocationConfiguration.Output);
            using StopSignals signals = new(loop);
            host.Run((long)(result.GetValue(seconds) * 1000));
            return 0;
        });
        return command;
    }
}
