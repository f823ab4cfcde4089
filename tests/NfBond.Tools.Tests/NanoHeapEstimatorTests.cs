using NfBond.Benchmarks;

namespace NfBond.Tools.Tests;

/// <summary>The heap estimate's layout rules, on objects whose nanoFramework size is known by hand.</summary>
public class NanoHeapEstimatorTests
{
    private sealed class Pair
    {
        public object? A;
        public int B;
    }

    [Fact]
    public void Headers_fields_elements_packed_arrays_and_utf8_strings_cost_what_the_layout_says()
    {
        NanoHeapEstimator estimator = new();
        Assert.Equal(12 * 2, estimator.Measure("héllo")); // header + ceil((6 UTF-8 bytes + NUL) / 12)
        Assert.Equal(12 * (1 + 3), new NanoHeapEstimator().Measure(new byte[25])); // header + 25 bytes packed in 3 blocks
        Assert.Equal(12 * (1 + 4), new NanoHeapEstimator().Measure(new object?[4])); // header + a block per reference
        string shared = "x";
        Pair pair = new() { A = shared, B = 1 };
        NanoHeapEstimator once = new();
        Assert.Equal((12 * 3) + (12 * 2), once.Measure(pair)); // header + 2 fields, then the string
        Assert.Equal(0, once.Measure(shared)); // already charged to the first root that reached it
    }

    [Fact]
    public void A_walk_stops_at_other_roots_and_at_what_Stop_names()
    {
        Pair inner = new();
        Pair outer = new() { A = inner };
        NanoHeapEstimator estimator = new();
        estimator.AddRoots([inner, outer]);
        Assert.Equal(12 * 3, estimator.Measure(outer));
        Assert.Equal(12 * 3, estimator.Measure(inner));

        NanoHeapEstimator stopping = new() { Stop = o => ReferenceEquals(o, inner) };
        Assert.Equal(12 * 3, stopping.Measure(outer));
    }
}
