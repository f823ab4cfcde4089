using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Plans;

/// <summary>The outcome of approving a plan version, from the API or the command line.</summary>
/// <param name="Version">The version approved (or asked for).</param>
/// <param name="ConfigVersion">The site configuration version it was approved against.</param>
/// <param name="Problem">Why it was not approved, or null.</param>
/// <param name="Conflict">Whether the version was approved already (the other problems are bad input).</param>
public sealed record PlanApproval(int Version, int ConfigVersion, string? Problem, bool Conflict)
{
    /// <summary>Approves a version of a site's plan (default the latest) against the configuration in force.</summary>
    /// <param name="store">The store.</param>
    /// <param name="site">The site.</param>
    /// <param name="approver">Who approves.</param>
    /// <param name="version">The version, or null for the latest.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <returns>The outcome.</returns>
    public static PlanApproval Approve(IFleetStore store, string site, string? approver, int? version, long now)
    {
        IReadOnlyList<PlanVersion> versions = store.PlanVersions(site);
        int v = version ?? (versions.Count == 0 ? 0 : versions[^1].Version);
        int config = store.ConfigVersions(site).Select(c => c.Version).DefaultIfEmpty(0).Max();
        if (string.IsNullOrWhiteSpace(approver))
        {
            return new(v, config, "approver: who approves the plan for the management", false);
        }

        if (versions.All(x => x.Version != v))
        {
            return new(v, config, $"version {v} is not a plan version of {site}; versions: {(versions.Count == 0 ? "none (enter the inputs first)" : string.Join(", ", versions.Select(x => x.Version)))}", false);
        }

        return store.ApprovePlan(site, v, approver, now, config) ? new(v, config, null, false) : new(v, config, $"version {v} of {site}'s plan is approved already", true);
    }
}
