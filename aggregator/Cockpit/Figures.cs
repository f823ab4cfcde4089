using System.Globalization;

namespace NfBond.Aggregator.Cockpit;

/// <summary>How the cockpit writes its figures (invariant digits, so both languages read them alike).</summary>
public static class Figures
{
    /// <summary>Writes a per-mille value as a percentage.</summary>
    /// <param name="permille">The value, ‰.</param>
    /// <returns>For example "2.5 %".</returns>
    public static string Percent(long permille) => (permille / 10.0).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    /// <summary>Writes microseconds as milliseconds.</summary>
    /// <param name="micros">The value, µs.</param>
    /// <returns>For example "23 ms".</returns>
    public static string Milliseconds(long micros) => (micros / 1000.0).ToString(micros < 10_000 ? "0.#" : "0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Writes a byte count with a decimal unit.</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>For example "1.2 GB".</returns>
    public static string Bytes(long bytes) => bytes >= 1_000_000_000 ? (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB"
        : bytes >= 1_000_000 ? (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1e3).ToString("0", CultureInfo.InvariantCulture) + " kB";

    /// <summary>Writes how long ago something happened.</summary>
    /// <param name="ts">When, ms since 1970 UTC.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <returns>For example "3 min".</returns>
    public static string Age(long ts, long now)
    {
        long s = Math.Max(0, (now - ts) / 1000);
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 86400 ? s / 3600 + " h" : s / 86400 + " d";
    }

    /// <summary>Writes a modem's signal, or a dash while the modem has not measured it.</summary>
    /// <param name="modem">The modem.</param>
    /// <returns>For example "RSRP -95 dBm, SINR 12.5 dB".</returns>
    public static string Signal(ModemView modem) => modem.RsrpDbm == 0 ? "–"
        : $"RSRP {modem.RsrpDbm} dBm, SINR {(modem.SinrTenthsDb / 10.0).ToString("0.#", CultureInfo.InvariantCulture)} dB";
}
