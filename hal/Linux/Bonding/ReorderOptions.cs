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

    /// <summary>Gets or sets after how long without a packet a path no longer counts as carrying, µs.</summary>
    public long IdlePathUs { get; set; } = 250_000;

    /// <summary>Gets or sets how many packets may wait at most (beyond, the oldest gap is given up).</summary>
    public int Capacity { get; set; } = 8192;
}
