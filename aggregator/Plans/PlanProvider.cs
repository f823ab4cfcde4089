namespace NfBond.Aggregator.Plans;

/// <summary>The contract behind one of the site's links: whom to call when it fails.</summary>
/// <param name="Link">The link's name in the site file.</param>
/// <param name="Hotline">The provider's fault hotline.</param>
/// <param name="Contract">The contract number.</param>
/// <param name="CustomerNumber">The customer number, or empty.</param>
/// <param name="Sla">The agreed repair time, in words (e.g. "next business day"), or empty.</param>
public sealed record PlanProvider(string Link, string Hotline, string Contract, string? CustomerNumber = null, string? Sla = null);
