namespace NfBond.Firmware.Links;

/// <summary>
/// VRRP-style failure detection timers for one link. A link is declared down when no probe round has
/// succeeded for <see cref="DeadIntervalMs"/> = misses x interval + skew, like VRRP's master-down
/// interval, and comes back only after <see cref="Rise"/> good rounds and <see cref="UpHoldMs"/>.
/// </summary>
public sealed class DetectionSettings
{
    /// <summary>Gets or sets the profile name these values came from ("fast", "gentle", "custom").</summary>
    public string Profile { get; set; } = "gentle";

    /// <summary>Gets or sets the time between probe rounds.</summary>
    public int IntervalMs { get; set; } = 1000;

    /// <summary>Gets or sets how long one probe may take; at most the interval.</summary>
    public int TimeoutMs { get; set; } = 900;

    /// <summary>Gets or sets how many intervals without a good round declare the link down.</summary>
    public int Misses { get; set; } = 2;

    /// <summary>Gets or sets the extra time added to misses x interval, covering a slow last answer.</summary>
    public int SkewMs { get; set; } = 250;

    /// <summary>Gets or sets the good rounds in a row needed before a down link counts as up again.</summary>
    public int Rise { get; set; } = 3;

    /// <summary>Gets or sets the least time a link stays down before it may come back (hysteresis).</summary>
    public int UpHoldMs { get; set; } = 5000;

    /// <summary>Gets or sets how much slower a metered link that carries no traffic is probed (1 = not at all).</summary>
    public int MeteredIdleFactor { get; set; } = 5;

    /// <summary>Gets the time without a good round after which the link is down.</summary>
    public int DeadIntervalMs => Misses * IntervalMs + SkewMs;

    /// <summary>Copies these settings, so a link can override a site's values without changing them for others.</summary>
    /// <returns>A new object with the same values.</returns>
    public DetectionSettings Copy()
    {
        DetectionSettings c = new DetectionSettings();
        c.Profile = Profile;
        c.IntervalMs = IntervalMs;
        c.TimeoutMs = TimeoutMs;
        c.Misses = Misses;
        c.SkewMs = SkewMs;
        c.Rise = Rise;
        c.UpHoldMs = UpHoldMs;
        c.MeteredIdleFactor = MeteredIdleFactor;
        return c;
    }

    /// <summary>
    /// Gets the "fast" profile: 100 ms rounds, down after 3 x 100 + 20 ms. Meant for wired links to
    /// nearby targets; every probe is a few hundred bytes, so 10 rounds a second cost about 1 GB a month
    /// per target on a metered link (which is why idle metered links are probed more slowly).
    /// </summary>
    /// <returns>New settings.</returns>
    public static DetectionSettings Fast()
    {
        DetectionSettings s = new DetectionSettings();
        s.Profile = "fast";
        s.IntervalMs = 100;
        s.TimeoutMs = 90;
        s.Misses = 3;
        s.SkewMs = 20;
        s.Rise = 5;
        s.UpHoldMs = 1000;
        return s;
    }

    /// <summary>
    /// Gets the "gentle" profile (the default): 1 s rounds, down after 2 x 1000 + 250 ms so that the
    /// 3 s failover goal holds; two whole rounds of every target must be lost, so 2 % random loss with
    /// three targets never takes a link down.
    /// </summary>
    /// <returns>New settings.</returns>
    public static DetectionSettings Gentle()
    {
        return new DetectionSettings();
    }

    /// <summary>Gets the settings of a named profile.</summary>
    /// <param name="name">"fast" or "gentle".</param>
    /// <returns>New settings, or null for an unknown name.</returns>
    public static DetectionSettings? ForProfile(string name)
    {
        if (name == "fast")
        {
            return Fast();
        }

        return name == "gentle" ? Gentle() : null;
    }
}
