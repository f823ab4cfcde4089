using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfBond.Aggregator.Accounts;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>A one-time login link (the demo prints one): logs its user in once, then never again.</summary>
[AllowAnonymous]
public sealed class LoginLinkModel : PageModel
{
    private readonly CockpitAccounts _accounts;

    /// <summary>Creates the page.</summary>
    /// <param name="accounts">The users.</param>
    public LoginLinkModel(CockpitAccounts accounts) => _accounts = accounts;

    /// <summary>Uses up the link.</summary>
    /// <param name="token">The link's token.</param>
    /// <returns>A redirect to the fleet, or a page saying the link does not work.</returns>
    public async Task<IActionResult> OnGetAsync(string token)
    {
        CockpitUser? user = _accounts.TakeLoginLink(token);
        if (user == null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        await LoginModel.SignInAsync(HttpContext, user);
        return LocalRedirect("/");
    }
}
