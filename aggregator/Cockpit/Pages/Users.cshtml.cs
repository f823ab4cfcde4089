using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>User management and the tenant of each site: administrators only.</summary>
public sealed class UsersModel : PageModel
{
    private readonly CockpitAccounts _accounts;
    private readonly IFleetStore _store;

    /// <summary>Creates the page.</summary>
    /// <param name="accounts">The users.</param>
    /// <param name="store">The fleet store.</param>
    public UsersModel(CockpitAccounts accounts, IFleetStore store)
    {
        _accounts = accounts;
        _store = store;
    }

    /// <summary>Gets the users.</summary>
    public IReadOnlyList<CockpitUser> Users { get; private set; } = [];

    /// <summary>Gets every site with its tenant (empty when it has none).</summary>
    public List<KeyValuePair<string, string>> Sites { get; private set; } = [];

    /// <summary>Gets what the last change did, or empty.</summary>
    public string Message { get; private set; } = "";

    /// <summary>Gets whether <see cref="Message"/> reports a refusal.</summary>
    public bool Refused { get; private set; }

    /// <summary>Shows the users and sites.</summary>
    /// <returns>The page, or 403 for anyone but an administrator.</returns>
    public IActionResult OnGet() => Administrator() ? Load() : StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>Adds a user or gives one a new password, role and tenant.</summary>
    /// <param name="name">The login name.</param>
    /// <param name="role">administrator, technician or customer.</param>
    /// <param name="tenant">A customer's tenant.</param>
    /// <param name="password">The password.</param>
    /// <returns>The page with the outcome.</returns>
    public IActionResult OnPostUser(string? name, string? role, string? tenant, string? password)
    {
        if (!Administrator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!Enum.TryParse(role, ignoreCase: true, out CockpitRole parsed) || !(role ?? "").All(char.IsAsciiLetter))
        {
            return Refuse($"role '{role}' is not allowed; administrator, technician or customer");
        }

        try
        {
            _accounts.Save(name ?? "", parsed, parsed == CockpitRole.Customer ? tenant ?? "" : "", password ?? "");
        }
        catch (ArgumentException ex)
        {
            return Refuse(ex.Message.Split(" (Parameter", 2)[0]);
        }

        Message = $"user {name} saved ({parsed.ToString().ToLowerInvariant()})";
        return Load();
    }

    /// <summary>Gives a site to a tenant.</summary>
    /// <param name="site">The site.</param>
    /// <param name="tenant">The tenant.</param>
    /// <returns>The page with the outcome.</returns>
    public IActionResult OnPostTenant(string? site, string? tenant)
    {
        if (!Administrator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if ((FleetIds.Check("site", site ?? "") ?? FleetIds.Check("tenant", tenant ?? "")) is string refused)
        {
            return Refuse(refused);
        }

        _store.SetSiteTenant(site!, tenant!);
        Message = $"site {site} belongs to tenant {tenant}";
        return Load();
    }

    private bool Administrator() => CockpitViewer.Of(User)?.Role == CockpitRole.Administrator;

    private IActionResult Refuse(string why)
    {
        Message = why;
        Refused = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Load();
    }

    private IActionResult Load()
    {
        Users = _store.Users();
        IReadOnlyDictionary<string, string> tenants = _store.SiteTenants();
        Sites = _store.Sites().Select(s => s.Site).Select(s => new KeyValuePair<string, string>(s, tenants.GetValueOrDefault(s, ""))).ToList();
        return Page();
    }
}
