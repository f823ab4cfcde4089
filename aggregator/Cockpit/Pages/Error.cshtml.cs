using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>What a browser shows for an empty error answer (404 for another tenant's site looks like any missing page).</summary>
[AllowAnonymous]
public sealed class ErrorModel : PageModel
{
    /// <summary>Gets the status code.</summary>
    public int Code { get; private set; }

    /// <summary>Shows the page (with the original status).</summary>
    /// <param name="code">The status code.</param>
    public void OnGet(int code) => Code = code;
}
