namespace NfBond.Aggregator.Plans;

/// <summary>What staff, customers, suppliers and authorities are told, and over which channels (not the failed link).</summary>
/// <param name="Staff">The message to staff, or empty for the standard one.</param>
/// <param name="Customers">The notice to customers, or empty for the standard one.</param>
/// <param name="Suppliers">The message to suppliers, or empty for the standard one.</param>
/// <param name="Authorities">Who is told when personal data is affected (GDPR art. 33), or empty for the standard text.</param>
/// <param name="Channels">The channels that do not depend on the site's internet, or empty for the standard list.</param>
public sealed record PlanCommunication(string? Staff = null, string? Customers = null, string? Suppliers = null, string? Authorities = null, string? Channels = null);
