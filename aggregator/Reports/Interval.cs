namespace NfBond.Aggregator.Reports;

/// <summary>A half-open stretch of time [From, To), ms since 1970 UTC.</summary>
/// <param name="From">Start.</param>
/// <param name="To">End (exclusive).</param>
public readonly record struct Interval(long From, long To)
{
    /// <summary>Gets its length, ms (0 when empty).</summary>
    public long Length => Math.Max(0, To - From);

    /// <summary>Cuts it to another interval.</summary>
    /// <param name="period">The interval to stay inside.</param>
    /// <returns>The overlap (possibly empty).</returns>
    public Interval Clip(Interval period) => new(Math.Max(From, period.From), Math.Min(To, period.To));

    /// <summary>Merges overlapping or touching intervals.</summary>
    /// <param name="intervals">The intervals, in any order.</param>
    /// <returns>Disjoint non-empty intervals in time order.</returns>
    public static List<Interval> Union(IEnumerable<Interval> intervals)
    {
        List<Interval> merged = [];
        foreach (Interval i in intervals.Where(i => i.Length > 0).OrderBy(i => i.From))
        {
            if (merged.Count > 0 && i.From <= merged[^1].To)
            {
                merged[^1] = merged[^1] with { To = Math.Max(merged[^1].To, i.To) };
            }
            else
            {
                merged.Add(i);
            }
        }

        return merged;
    }

    /// <summary>How long an interval overlaps a set of disjoint intervals.</summary>
    /// <param name="disjoint">Disjoint intervals (from <see cref="Union"/>).</param>
    /// <returns>The overlap, ms.</returns>
    public long Overlap(IEnumerable<Interval> disjoint)
    {
        Interval self = this;
        return disjoint.Sum(d => self.Clip(d).Length);
    }

    /// <summary>What is left of an interval after cutting out disjoint ones.</summary>
    /// <param name="whole">The interval.</param>
    /// <param name="cut">Disjoint intervals in time order (from <see cref="Union"/>).</param>
    /// <returns>The pieces left, in time order.</returns>
    public static IEnumerable<Interval> Subtract(Interval whole, IReadOnlyList<Interval> cut)
    {
        long at = whole.From;
        foreach (Interval c in cut)
        {
            if (c.To <= at || c.From >= whole.To)
            {
                continue;
            }

            if (c.From > at)
            {
                yield return new Interval(at, c.From);
            }

            at = Math.Max(at, c.To);
        }

        if (at < whole.To)
        {
            yield return new Interval(at, whole.To);
        }
    }
}
