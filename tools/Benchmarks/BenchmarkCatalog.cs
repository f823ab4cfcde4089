namespace NfBond.Benchmarks;

/// <summary>Every benchmark the project has, in the order <c>nfbond bench</c> runs them.</summary>
public static class BenchmarkCatalog
{
    /// <summary>Gets all benchmarks.</summary>
    public static IReadOnlyList<IBenchmark> All { get; } = [new EventLoopBenchmark(), new ModemSupervisionBenchmark(), new FailoverBenchmark(), new VrrpTakeoverBenchmark(), new TelemetryBenchmark(), new NanoHeapBenchmark(), new BondBenchmark()];
}
