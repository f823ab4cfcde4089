namespace NfBond.Aggregator.Storage;

/// <summary>One link's figures from one state message, as the link history stores them.</summary>
/// <param name="Device">The reporting controller.</param>
/// <param name="Link">The link's name.</param>
/// <param name="Ts">The state's time, ms since 1970 UTC.</param>
/// <param name="LatencyUs">Latency, µs.</param>
/// <param name="LossPermille">Loss, ‰.</param>
/// <param name="JitterUs">Jitter, µs.</param>
/// <param name="RsrpDbm">RSRP of the link's modem, dBm (0 when none).</param>
/// <param name="SinrTenthsDb">SINR of the link's modem, tenths of dB (0 when none).</param>
/// <param name="UsedBytes">Data used this billing period.</param>
/// <param name="CapBytes">The data cap, or 0.</param>
public sealed record LinkFigures(string Device, string Link, long Ts, long LatencyUs, long LossPermille, long JitterUs, long RsrpDbm, long SinrTenthsDb, long UsedBytes, long CapBytes)
{
    /// <summary>Gets the start of the rollup bucket the figures count in.</summary>
    public long Bucket => Ts / SqlFleetStore.RollupMs * SqlFleetStore.RollupMs;
}
