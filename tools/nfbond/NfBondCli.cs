using System.CommandLine;
using NfBond.Cli.Commands;

namespace NfBond.Cli;

/// <summary>Builds and runs the <c>nfbond</c> command tree.</summary>
public static class NfBondCli
{
    /// <summary>Exit code for bad input (a broken file, bad arguments).</summary>
    public const int BadInput = 2;

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments after <c>nfbond</c>.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        RootCommand root = new("nf-bond: keeps small businesses online over several internet links.")
        {
            PortabilityCommand.Create(),
            BoardCommand.Create(),
            ConfigCommand.Create(),
            LabCommand.Create(),
            VrrpCommand.Create(),
            BondCommand.Create(),
            AggregatorCommand.Create(),
            DemoCommand.Create(),
            FleetCommand.Create(),
            ControllerCommand.Create(),
            BenchCommand.Create(),
            ModemCommand.Create(),
            NfprojCommand.Create(),
            ReportCommand.Create(),
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
