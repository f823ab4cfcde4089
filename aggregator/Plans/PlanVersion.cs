namespace NfBond.Aggregator.Plans;

/// <summary>One stored version of a site's emergency plan inputs and its approval.</summary>
/// <param name="Site">The site.</param>
/// <param name="Version">1, 2, ... per site.</param>
/// <param name="Inputs">What the integrator entered (<see cref="PlanInputs"/> as JSON).</param>
/// <param name="Author">Who entered it.</param>
/// <param name="Created">When, ms since 1970 UTC.</param>
/// <param name="ApprovedBy">Who approved it, or empty.</param>
/// <param name="ApprovedAt">When, or 0.</param>
/// <param name="ConfigVersion">The site configuration version at approval (0: none stored).</param>
public sealed record PlanVersion(string Site, int Version, string Inputs, string Author, long Created, string ApprovedBy, long ApprovedAt, int ConfigVersion);
