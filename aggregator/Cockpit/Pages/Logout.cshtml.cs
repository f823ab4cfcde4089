using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>Log-out: ends the session in the shared database (on every instance), not only the cookie.</summary>
[AllowAnonymous]
public sealed class LogoutModel : PageModel
{
    /// <summary>Ends the session.</summary>
    /// <returns>The page saying so.</returns>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Logout");
    }

    /// <summary>Shows that the user is logged out.</summary>
    public void OnGet()
    {
    }
}
