using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;

namespace NfBond.Firmware.Steering;

/// <summary>
/// A link's health from 0 (unusable) to 1000 (perfect): loss, latency and jitter over the recent probe
/// window, and for cellular links the modem's signal. A usable link never scores below
/// <see cref="Floor"/>, so a poor link still carries a little traffic rather than none.
/// </summary>
public static class HealthScore
{
    /// <summary>The best score.</summary>
    public const int Perfect = 1000;

    /// <summary>The lowest score of a link that is up.</summary>
    public const int Floor = 100;

    /// <summary>Round trips up to this many ms cost nothing.</summary>
    public const int GoodLatencyMs = 50;

    /// <summary>Scores a link.</summary>
    /// <param name="link">The watched link.</param>
    /// <param name="modem">Its modem's status, or null for a wired link.</param>
    /// <returns>0 when not usable, else <see cref="Floor"/> to <see cref="Perfect"/>.</returns>
    public static int Of(LinkWatch link, ModemStatus? modem)
    {
        if (!link.IsUsable)
        {
            return 0;
        }

        LinkStatistics stats = link.Statistics;
        int score = Perfect - PathPenalty(stats.LossPermille, stats.LatencyMicros, stats.JitterMicros);
        if (modem != null)
        {
            score -= SignalPenalty(modem);
        }

        return score < Floor ? Floor : score;
    }

    /// <summary>The penalty for loss (3 per thousandth), latency above <see cref="GoodLatencyMs"/> (1 per 2 ms, at most 300) and jitter (2 per ms, at most 200).</summary>
    /// <param name="lossPermille">Lost probes in thousandths.</param>
    /// <param name="latencyMicros">Mean round trip, or -1 if unknown.</param>
    /// <param name="jitterMicros">Mean round-trip variation.</param>
    /// <returns>0 to 1000 or more.</returns>
    public static int PathPenalty(int lossPermille, int latencyMicros, int jitterMicros)
    {
        int penalty = lossPermille * 3;
        int latencyMs = latencyMicros / 1000;
        if (latencyMs > GoodLatencyMs)
        {
            penalty += Cap((latencyMs - GoodLatencyMs) / 2, 300);
        }

        penalty += Cap(jitterMicros / 500, 200);
        return penalty;
    }

    /// <summary>The penalty for weak cellular signal: RSRP below -90 dBm (LTE/5G) or RSSI below -75 dBm, up to 300.</summary>
    /// <param name="modem">The modem's status.</param>
    /// <returns>0 to 300.</returns>
    public static int SignalPenalty(ModemStatus modem)
    {
        if (modem.RsrpDbm != ModemStatus.NotAvailable && modem.RsrpDbm < 0)
        {
            return Cap((-90 - modem.RsrpDbm) * 10, 300);
        }

        if (modem.RssiDbm != ModemStatus.NotAvailable && modem.RssiDbm < 0)
        {
            return Cap((-75 - modem.RssiDbm) * 15, 300);
        }

        return 0;
    }

    private static int Cap(int value, int max)
    {
        return value < 0 ? 0 : value > max ? max : value;
    }
}
