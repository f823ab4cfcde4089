using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Plans;

/// <summary>
/// Whether a site's emergency plan is current: approved, not changed since, approved within 12 months and
/// against the site configuration in force. Cheap to build (no events), so pages can show it.
/// </summary>
/// <param name="Latest">The latest version, or null before any was entered.</param>
/// <param name="Approved">The latest approved version, or null.</param>
/// <param name="ConfigVersion">The site configuration version in force (0 when none is stored).</param>
/// <param name="Now">Now, ms since 1970 UTC.</param>
/// <param name="TimeZone">The site's time zone, for dates.</param>
public sealed record PlanReview(PlanVersion? Latest, PlanVersion? Approved, int ConfigVersion, long Now, string TimeZone)
{
    /// <summary>How long an approval holds before the plan is due for review: 12 months.</summary>
    public const long ValidMs = 365L * 86_400_000;

    /// <summary>Gets when the plan is next due for review (12 months after approval; now when never approved).</summary>
    public long NextReview => Approved == null ? Now : Approved.ApprovedAt + ValidMs;

    /// <summary>Gets whether the plan must be reviewed.</summary>
    public bool Due => Reasons(PlanTexts.English).Count > 0;

    /// <summary>Reads a site's review state from the store.</summary>
    /// <param name="store">The store.</param>
    /// <param name="site">The site.</param>
    /// <param name="timeZone">The site's time zone.</param>
    /// <param name="now">Now.</param>
    /// <returns>The review state.</returns>
    public static PlanReview Of(IFleetStore store, string site, string timeZone, long now)
    {
        IReadOnlyList<PlanVersion> versions = store.PlanVersions(site);
        return new PlanReview(versions.LastOrDefault(), versions.LastOrDefault(v => v.ApprovedAt > 0), store.ConfigVersions(site).Select(c => c.Version).DefaultIfEmpty(0).Max(), now, timeZone);
    }

    /// <summary>Why the plan must be reviewed: never approved, changed since approval, approved over 12 months ago, or the site's configuration changed since.</summary>
    /// <param name="texts">The language.</param>
    /// <returns>The reasons; empty when the plan is current.</returns>
    public IReadOnlyList<string> Reasons(PlanTexts texts)
    {
        List<string> reasons = [];
        if (Approved == null)
        {
            reasons.Add(texts["The plan has not been approved yet."]);
            return reasons;
        }

        if (Latest != null && Latest.Version > Approved.Version)
        {
            reasons.Add(texts.Format("Version {0} was entered after the approval of version {1}.", Latest.Version, Approved.Version));
        }

        if (Now > NextReview)
        {
            reasons.Add(texts.Format("Approved on {0}, more than 12 months ago.", texts.Date(Approved.ApprovedAt, TimeZone)));
        }

        if (ConfigVersion != Approved.ConfigVersion)
        {
            reasons.Add(texts.Format("The site's configuration changed since the approval (version {0}, now {1}).", Approved.ConfigVersion, ConfigVersion));
        }

        return reasons;
    }
}
