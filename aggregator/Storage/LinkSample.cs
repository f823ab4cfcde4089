namespace NfBond.Aggregator.Storage;

/// <summary>One point of a link's chart: the samples of one time bucket, aggregated by the database.</summary>
/// <param name="Ts">The bucket's start, ms since 1970 UTC.</param>
/// <param name="LatencyUs">Mean latency, µs.</param>
/// <param name="LossPermille">Worst loss, ‰.</param>
/// <param name="JitterUs">Mean jitter, µs.</param>
/// <param name="RsrpDbm">Mean RSRP of the link's modem, dBm (0 when none).</param>
/// <param name="SinrTenthsDb">Mean SINR of the link's modem, tenths of dB (0 when none).</param>
/// <param name="UsedBytes">Data used this billing period, the bucket's highest.</param>
/// <param name="CapBytes">The data cap, or 0.</param>
public sealed record LinkSample(long Ts, long LatencyUs, long LossPermille, long JitterUs, long RsrpDbm, long SinrTenthsDb, long UsedBytes, long CapBytes);
