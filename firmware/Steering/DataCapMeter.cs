using NfBond.Firmware.Links;

namespace NfBond.Firmware.Steering;

/// <summary>
/// Counts a metered link's volume in the current billing cycle (traffic and probes) and turns it into
/// a weight factor: full weight below <see cref="SoftLimitPermille"/> of the cap, falling linearly to
/// nothing at the cap.
/// </summary>
public sealed class DataCapMeter
{
    /// <summary>Share of the cap (thousandths) from which the link is de-weighted.</summary>
    public const int SoftLimitPermille = 800;

    private readonly LinkDefinition _link;
    private int _cycle = -1;

    /// <summary>Creates a meter for a link.</summary>
    /// <param name="link">The link; meters only count when it is metered with a cap.</param>
    public DataCapMeter(LinkDefinition link)
    {
        _link = link;
    }

    /// <summary>Gets the bytes counted in this billing cycle.</summary>
    public long UsedBytes { get; private set; }

    /// <summary>Gets the cap in bytes, or 0 when there is none.</summary>
    public long CapBytes => _link.Metered ? (long)_link.CapMb * 1000000 : 0;

    /// <summary>Gets the share of the cap used, in thousandths (0 without a cap).</summary>
    public int UsedPermille => CapBytes == 0 ? 0 : (int)(UsedBytes * 1000 / CapBytes);

    /// <summary>Gets whether the cap is reached.</summary>
    public bool IsExhausted => CapBytes > 0 && UsedBytes >= CapBytes;

    /// <summary>Gets the weight factor in thousandths: 1000 up to the soft limit, then linearly down to 0 at the cap.</summary>
    public int WeightPermille
    {
        get
        {
            int used = UsedPermille;
            if (CapBytes == 0 || used <= SoftLimitPermille)
            {
                return 1000;
            }

            return used >= 1000 ? 0 : (1000 - used) * 1000 / (1000 - SoftLimitPermille);
        }
    }

    /// <summary>Adds traffic or probe volume.</summary>
    /// <param name="bytes">Bytes both ways.</param>
    public void Add(long bytes)
    {
        if (bytes > 0)
        {
            UsedBytes += bytes;
        }
    }

    /// <summary>Starts a new cycle when the wall-clock date has passed the billing day.</summary>
    /// <param name="utcMs">Milliseconds since 1970-01-01 UTC.</param>
    /// <returns>True if a new cycle began (the count was reset).</returns>
    public bool UpdateCycle(long utcMs)
    {
        int cycle = CycleOf(utcMs, _link.BillingDay);
        if (cycle == _cycle)
        {
            return false;
        }

        bool first = _cycle < 0;
        _cycle = cycle;
        if (first)
        {
            return false;
        }

        UsedBytes = 0;
        return true;
    }

    /// <summary>Numbers billing cycles: months counted from year 0, shifted so a cycle starts on the billing day.</summary>
    /// <param name="utcMs">Milliseconds since 1970-01-01 UTC.</param>
    /// <param name="billingDay">Day of month the cycle starts, 1 to 28.</param>
    /// <returns>The cycle number.</returns>
    public static int CycleOf(long utcMs, int billingDay)
    {
        int year;
        int month;
        int day;
        CivilDate(utcMs / 86400000, out year, out month, out day);
        int months = year * 12 + month - 1;
        return day >= billingDay ? months : months - 1;
    }

    /// <summary>Converts days since 1970-01-01 to a Gregorian date (Howard Hinnant's days-to-civil, integers only).</summary>
    /// <param name="days">Days since the epoch.</param>
    /// <param name="year">The year.</param>
    /// <param name="month">1 to 12.</param>
    /// <param name="day">1 to 31.</param>
    public static void CivilDate(long days, out int year, out int month, out int day)
    {
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        day = (int)(doy - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = (int)(yoe + era * 400 + (month <= 2 ? 1 : 0));
    }
}
