using System.CommandLine;
using NfBond.Benchmarks;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond bench [NAME...]</c>: runs benchmarks and prints their figures.</summary>
public static class BenchCommand
{
    // The ingest benchmark needs the aggregator and the fleet simulator, which live above the benchmark library.
    private static readonly IBenchmark[] s_all = [.. BenchmarkCatalog.All, new NfBond.Cli.Benchmarks.IngestBenchmark(), new NfBond.Cli.Benchmarks.CockpitBenchmark()];

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Argument<string[]> names = new("names")
        {
            Description = "benchmarks to run (default: all): " + string.Join(", ", s_all.Select(b => b.Name)),
            Arity = ArgumentArity.ZeroOrMore,
        };
        Command command = new("bench", "Run benchmarks; they print figures and never pass or fail.") { names };
        command.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            string[] wanted = result.GetValue(names) ?? [];
            foreach (string name in wanted)
            {
                if (!s_all.Any(b => b.Name == name))
                {
                    result.InvocationConfiguration.Error.WriteLine($"nfbond bench: no benchmark named '{name}'; available: {string.Join(", ", s_all.Select(b => b.Name))}");
                    return NfBondCli.BadInput;
                }
            }

            foreach (IBenchmark benchmark in s_all)
            {
                if (wanted.Length == 0 || wanted.Contains(benchmark.Name))
                {
                    output.WriteLine($"# {benchmark.Name}: {benchmark.Description}");
                    benchmark.Run(output);
                }
            }

            return 0;
        });
        return command;
    }
}
