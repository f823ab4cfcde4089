namespace NfBond.Aggregator.Reports;

/// <summary>
/// What an hour offline costs a site, and when: its hourly cost counts only inside business hours in the
/// site's time zone. Presets come from our users' industries and can be edited.
/// </summary>
/// <param name="Name">The preset's or the site's own name.</param>
/// <param name="HourlyCostEur">What an hour offline in business hours costs, EUR.</param>
/// <param name="Days">The open days, Monday = 1 ... Sunday = 7.</param>
/// <param name="Opens">Opening time, hours after midnight (local).</param>
/// <param name="Closes">Closing time (24 = midnight).</param>
/// <param name="TimeZone">The site's IANA time zone, e.g. Europe/Berlin.</param>
/// <param name="BackupMonthlyEur">What the backup costs a month (line, SIM, device), for the return on investment.</param>
public sealed record BusinessProfile(string Name, decimal HourlyCostEur, int[] Days, double Opens, double Closes, string TimeZone, decimal BackupMonthlyEur)
{
    private static readonly int[] s_weekdays = [1, 2, 3, 4, 5];
    private static readonly int[] s_everyDay = [1, 2, 3, 4, 5, 6, 7];

    /// <summary>Gets the presets by name.</summary>
    public static IReadOnlyDictionary<string, BusinessProfile> Presets { get; } = new Dictionary<string, BusinessProfile>
    {
        // A 4-hour outage at peak time loses about 800 EUR.
        ["restaurant"] = new("restaurant", 200m, s_everyDay, 11, 23, "Europe/Berlin", 35m),
        // 60 patients a day x 35 EUR over an 8-hour consulting day.
        ["medical-practice"] = new("medical-practice", 262.50m, s_weekdays, 8, 16, "Europe/Berlin", 45m),
        // 2 CNC machines x 80 EUR per machine-hour.
        ["cnc-workshop"] = new("cnc-workshop", 160m, s_weekdays, 7, 17, "Europe/Berlin", 40m),
        ["tax-office"] = new("tax-office", 120m, s_weekdays, 8, 18, "Europe/Berlin", 30m),
        ["hotel"] = new("hotel", 150m, s_everyDay, 0, 24, "Europe/Berlin", 60m),
        ["logistics"] = new("logistics", 300m, [1, 2, 3, 4, 5, 6], 6, 22, "Europe/Berlin", 60m),
        ["agency"] = new("agency", 180m, s_weekdays, 9, 18, "Europe/Berlin", 35m),
    };

    /// <summary>Checks the profile.</summary>
    /// <returns>Null when usable, else what is wrong and what is allowed.</returns>
    public string? Problem()
    {
        if (HourlyCostEur < 0 || BackupMonthlyEur < 0)
        {
            return "hourly_cost_eur and backup_monthly_eur must be 0 or more";
        }

        if (Days.Length == 0 || Days.Any(d => d is < 1 or > 7))
        {
            return $"days [{string.Join(", ", Days)}]: give 1 (Monday) to 7 (Sunday)";
        }

        if (Opens < 0 || Closes > 24 || Closes <= Opens)
        {
            return $"opens {Opens} and closes {Closes}: hours 0-24, closing after opening";
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _) ? null : $"time_zone '{TimeZone}' is unknown; an IANA name such as Europe/Berlin";
    }

    /// <summary>How much of a set of intervals falls inside business hours.</summary>
    /// <param name="intervals">Disjoint intervals, ms since 1970 UTC.</param>
    /// <returns>The overlap, ms.</returns>
    public long BusinessMs(IReadOnlyList<Interval> intervals)
    {
        if (intervals.Count == 0)
        {
            return 0;
        }

        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        DateTime first = TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(intervals.Min(i => i.From)).UtcDateTime, zone).Date.AddDays(-1);
        DateTime last = TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(intervals.Max(i => i.To)).UtcDateTime, zone).Date.AddDays(1);
        List<Interval> open = [];
        for (DateTime day = first; day <= last; day = day.AddDays(1))
        {
            int weekday = day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
            if (Days.Contains(weekday))
            {
                // Local opening hours converted one by one, so a daylight-saving change is honoured.
                open.Add(new Interval(Utc(day.AddHours(Opens), zone), Utc(day.AddHours(Closes), zone)));
            }
        }

        List<Interval> hours = Interval.Union(open);
        return intervals.Sum(i => i.Overlap(hours));
    }

    private static long Utc(DateTime local, TimeZoneInfo zone)
    {
        // A local time skipped by the spring change does not exist: the hour after it does.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone)).ToUnixTimeMilliseconds();
    }
}
