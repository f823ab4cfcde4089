using NfBond.Aggregator.Plans;

namespace NfBond.Aggregator.Storage;

/// <summary>The sites' emergency plans: every change of what the integrator entered is a new version; a version is approved once.</summary>
public interface IPlanStore
{
    /// <summary>Stores a new version of a site's plan inputs.</summary>
    /// <param name="site">The site.</param>
    /// <param name="inputs">The inputs, JSON.</param>
    /// <param name="author">Who entered them.</param>
    /// <param name="now">When, ms since 1970 UTC.</param>
    /// <returns>The stored version (numbered 1, 2, ... per site).</returns>
    PlanVersion AddPlanVersion(string site, string inputs, string author, long now);

    /// <summary>Lists a site's plan versions, oldest first.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The versions.</returns>
    IReadOnlyList<PlanVersion> PlanVersions(string site);

    /// <summary>Approves a version unless it is approved already.</summary>
    /// <param name="site">The site.</param>
    /// <param name="version">The version.</param>
    /// <param name="approver">Who approves (the management's name).</param>
    /// <param name="now">When.</param>
    /// <param name="configVersion">The site configuration version the plan was checked against.</param>
    /// <returns>Whether this call approved it.</returns>
    bool ApprovePlan(string site, int version, string approver, long now, int configVersion);
}
