namespace NfBond.Firmware.Modems;

/// <summary>Names of the 27.007 access technology codes (<c>&lt;AcT&gt;</c> of +COPS and +CxREG).</summary>
public static class AccessTechnology
{
    /// <summary>No access technology known.</summary>
    public const int Unknown = -1;

    /// <summary>E-UTRAN (LTE).</summary>
    public const int Lte = 7;

    /// <summary>NR connected to 5GC (5G standalone).</summary>
    public const int Nr5gc = 11;

    /// <summary>E-UTRA-NR dual connectivity (5G non-standalone).</summary>
    public const int EnDc = 13;

    private static readonly string[] s_names =
    {
        "GSM", "GSM Compact", "UTRAN", "EDGE", "HSDPA", "HSUPA", "HSPA", "LTE", "EC-GSM-IoT", "NB-IoT",
        "LTE-5GC", "NR-5GC", "NG-RAN", "EN-DC",
    };

    /// <summary>Gets the name of <paramref name="act"/>, or null for an unknown code.</summary>
    /// <param name="act">The code.</param>
    /// <returns>"LTE", "EN-DC", ...</returns>
    public static string? NameOf(int act) => act >= 0 && act < s_names.Length ? s_names[act] : null;
}
