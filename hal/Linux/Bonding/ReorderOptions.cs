namespace NfBond.Hal.Linux.Bonding;

/// <summary>How long <see cref="ReorderBuffer{T}"/> may hold packets back.</summary>
public sealed class ReorderOptions
{
    /// <summary>Gets or sets how many jitters (mean deviations) are added to the paths' delay difference.</summary>
    public int JitterFactor { get; set; } = 4;

    /// <summary>Gets or sets the hold added to the delay difference and jitters, µs (for the estimates' own error).</summary>
    public long MinHoldUs { get; set; } = 15_000;

    /// <summary>Gets or sets the most a packet is ever held, µs: past that a missing packet counts as lost.</summary>
    public long MaxHoldUs { get; set; } = 300_000;

    /// <summary>
    /// Gets or sets after how long without a word a path that carried data lately counts as quiet at most, µs (its
    /// sender speaks on it at least every keepalive interval; a path busy with data is quiet after four of its mean
    /// gaps and 5 ms; four of its jitters are added). While one is quiet, gaps wait
    /// up to <see cref="MaxHoldUs"/>: the path may have been cut with packets on it, and its sender sends them again on
    /// another path once it suspects the cut; given up on before they came, they would reach TCP out of order, which
    /// takes them for losses and halves its rate.
    /// </summary>
    public long QuietPathUs { get; set; } = 40_000;

    /// <summary>Gets or sets after how long without a packet a path no longer counts as carrying, µs.</summary>
    public long IdlePathUs { get; set; } = 250_000;

    /// <summary>
    /// Gets or sets whether every packet is delivered no sooner than the slowest live path would have brought it
    /// (delay equalization; real-time copies excepted). One TCP flow then sees one round trip, the slowest path's:
    /// BBR sizes its window from the least round trip it ever saw, and over a fast and a slow path that is the fast
    /// one's, too small a window to keep the slow one busy. Costs every packet the paths' delay difference.
    /// </summary>
    public bool EqualizeDelay { get; set; }

    /// <summary>Gets or sets how many packets may wait at most (beyond, the oldest gap is given up).</summary>
    public int Capacity { get; set; } = 8192;
}
