using System.Security.Claims;
using NfBond.Aggregator.Accounts;

namespace NfBond.Aggregator.Cockpit;

/// <summary>Who looks at the cockpit, from the login's claims: which sites they see and what they may do.</summary>
public sealed class CockpitViewer
{
    /// <summary>The claim that carries a customer's tenant.</summary>
    public const string TenantClaim = "nfbond:tenant";

    private CockpitViewer(string name, CockpitRole role, string tenant)
    {
        Name = name;
        Role = role;
        Tenant = tenant;
    }

    /// <summary>Gets the user name.</summary>
    public string Name { get; }

    /// <summary>Gets the role.</summary>
    public CockpitRole Role { get; }

    /// <summary>Gets a customer's tenant (empty for the others).</summary>
    public string Tenant { get; }

    /// <summary>Gets whether the viewer may send commands (drills, resync, reboot).</summary>
    public bool MayAct => Role != CockpitRole.Customer;

    /// <summary>Reads the viewer of a logged-in request.</summary>
    /// <param name="user">The request's user.</param>
    /// <returns>The viewer, or null when not logged in to the cockpit.</returns>
    public static CockpitViewer? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is not string name
            || !Enum.TryParse(user.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out CockpitRole role))
        {
            return null;
        }

        return new CockpitViewer(name, role, user.FindFirstValue(TenantClaim) ?? "");
    }

    /// <summary>The claims a login of a user carries.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The claims.</returns>
    public static Claim[] ClaimsOf(CockpitUser user) =>
        [new(ClaimTypes.Name, user.Name), new(ClaimTypes.Role, user.Role.ToString().ToLowerInvariant()), new(TenantClaim, user.Tenant)];

    /// <summary>Tells whether the viewer may see a site.</summary>
    /// <param name="site">The site.</param>
    /// <param name="tenants">Each site's tenant.</param>
    /// <returns>True for technicians and administrators, and for a customer's own tenant's sites.</returns>
    public bool MaySee(string site, IReadOnlyDictionary<string, string> tenants) =>
        Role != CockpitRole.Customer || (tenants.TryGetValue(site, out string? tenant) && tenant == Tenant);
}
