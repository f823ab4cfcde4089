namespace NfBond.Benchmarks;

/// <summary>One benchmark: measures and prints figures; it never passes or fails.</summary>
public interface IBenchmark
{
    /// <summary>Gets the short name used by <c>nfbond bench NAME</c>.</summary>
    string Name { get; }

    /// <summary>Gets one line saying what is measured.</summary>
    string Description { get; }

    /// <summary>Runs and writes the figures.</summary>
    /// <param name="output">Where figures go, one per line as <c>name: value unit</c>.</param>
    void Run(TextWriter output);
}
