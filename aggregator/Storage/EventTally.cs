namespace NfBond.Aggregator.Storage;

/// <summary>How many events of a controller are stored on either side of a sequence number.</summary>
/// <param name="UpTo">Events numbered up to it.</param>
/// <param name="After">Events numbered after it.</param>
/// <param name="MaxSeq">The highest stored number, or 0.</param>
public sealed record EventTally(long UpTo, long After, long MaxSeq);
