using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfBond.Aggregator.Accounts;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>The login form; failed logins are throttled per user and per client address.</summary>
[AllowAnonymous]
public sealed class LoginModel : PageModel
{
    private readonly CockpitAccounts _accounts;

    /// <summary>Creates the page.</summary>
    /// <param name="accounts">The users.</param>
    public LoginModel(CockpitAccounts accounts) => _accounts = accounts;

    /// <summary>Gets the name typed last time.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Gets where to go after the login (a local path).</summary>
    public string ReturnUrl { get; private set; } = "/";

    /// <summary>Gets why the last login failed, or empty.</summary>
    public string Refusal { get; private set; } = "";

    /// <summary>Shows the form.</summary>
    /// <param name="returnUrl">Where to go after the login.</param>
    public void OnGet(string? returnUrl) => ReturnUrl = CockpitSetup.LocalPath(returnUrl);

    /// <summary>Checks the login and starts a session.</summary>
    /// <param name="name">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="returnUrl">Where to go after the login.</param>
    /// <returns>A redirect, or the form with the reason.</returns>
    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl)
    {
        Name = name ?? "";
        ReturnUrl = CockpitSetup.LocalPath(returnUrl);
        CockpitUser? user = _accounts.Check(Name, password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", out string refusal);
        if (user == null)
        {
            Refusal = refusal;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await SignInAsync(HttpContext, user);
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Starts a cookie session for a user.</summary>
    /// <param name="context">The request.</param>
    /// <param name="user">The user.</param>
    /// <returns>Completes when the cookie is set.</returns>
    public static Task SignInAsync(HttpContext context, CockpitUser user) => context.SignInAsync(
        CookieAuthenticationDefaults.AuthenticationScheme,
        new ClaimsPrincipal(new ClaimsIdentity(CockpitViewer.ClaimsOf(user), CookieAuthenticationDefaults.AuthenticationScheme)),
        new AuthenticationProperties { IsPersistent = false });
}
