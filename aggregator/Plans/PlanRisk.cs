namespace NfBond.Aggregator.Plans;

/// <summary>A threat to the site's connectivity and what is done about it (risk analysis).</summary>
/// <param name="Threat">What can happen.</param>
/// <param name="Likelihood">low, medium or high.</param>
/// <param name="Impact">low, medium or high.</param>
/// <param name="Measure">What reduces it.</param>
public sealed record PlanRisk(string Threat, string Likelihood, string Impact, string Measure);
