namespace NfBond.Aggregator.Accounts;

/// <summary>A person who logs in to the cockpit.</summary>
/// <param name="Name">The login name.</param>
/// <param name="Role">What the user may do.</param>
/// <param name="Tenant">The tenant a customer belongs to; empty for technicians and administrators.</param>
/// <param name="PasswordHash">The password as ASP.NET Core Identity's <c>PasswordHasher</c> stores it.</param>
/// <param name="Created">When the user was added, ms since 1970 UTC.</param>
public sealed record CockpitUser(string Name, CockpitRole Role, string Tenant, string PasswordHash, long Created);
