using System.CommandLine;
using NfBond.Portability;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond portability PATH...</c>: the nanoFramework 1.x gate.</summary>
public static class PortabilityCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Argument<string[]> paths = new("paths")
        {
            Description = "C# files or folders compiled together (e.g. firmware hal/Contracts)",
            Arity = ArgumentArity.OneOrMore,
        };
        Command command = new("portability", "Report every construct or API nanoFramework 1.x cannot run, as file:line: message; exit 1 if any.")
        {
            paths,
        };
        command.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            string[] given = result.GetValue(paths) ?? [];
            IReadOnlyList<PortabilityProblem> problems;
            try
            {
                problems = new PortabilityChecker().CheckPaths(given);
            }
            catch (FileNotFoundException ex)
            {
                error.WriteLine($"nfbond portability: {ex.Message}");
                return NfBondCli.BadInput;
            }

            foreach (PortabilityProblem problem in problems)
            {
                output.WriteLine(problem.ToString());
            }

            HashSet<string> files = [.. problems.Select(p => p.File)];
            error.WriteLine(problems.Count == 0
                ? $"portability: clean ({string.Join(", ", given)})"
                : $"portability: {problems.Count} problem(s) in {files.Count} file(s)");
            return problems.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
