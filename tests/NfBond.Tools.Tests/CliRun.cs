using NfBond.Cli;

namespace NfBond.Tools.Tests;

/// <summary>Runs the nfbond command line in-process and captures what it printed.</summary>
internal static class CliRun
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        StringWriter output = new();
        StringWriter error = new();
        int exit = NfBondCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
