using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>The fleet overview: every site the user may see, worst first, with filter and search; rows update live.</summary>
public sealed class IndexModel : PageModel
{
    private readonly FleetView _view;

    /// <summary>Creates the page.</summary>
    /// <param name="view">The fleet view.</param>
    public IndexModel(FleetView view) => _view = view;

    /// <summary>Gets the sites shown.</summary>
    public IReadOnlyList<SiteSummary> Sites { get; private set; } = [];

    /// <summary>Gets how many of the user's sites have each status (before filtering).</summary>
    public Dictionary<SiteStatus, int> Counts { get; private set; } = [];

    /// <summary>Gets the status filter, or null.</summary>
    public SiteStatus? Status { get; private set; }

    /// <summary>Gets the search text.</summary>
    public string Query { get; private set; } = "";

    /// <summary>The words for a status (the key of its translation).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The English words.</returns>
    public static string StatusText(SiteStatus status) => status switch
    {
        SiteStatus.Online => "online",
        SiteStatus.Degraded => "degraded",
        SiteStatus.Backup => "on backup",
        SiteStatus.Offline => "controller offline",
        _ => "down",
    };

    /// <summary>Shows the overview.</summary>
    /// <param name="status">Only sites with this status.</param>
    /// <param name="q">Only sites whose name, tenant or links contain this.</param>
    public void OnGet(string? status, string? q)
    {
        List<SiteSummary> all = _view.Sites(CockpitViewer.Of(User)!);
        Counts = all.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        Sites = Filter(all, status, q);
    }

    /// <summary>Renders the rows of some sites (the page's script asks for them when they change).</summary>
    /// <param name="sites">The sites, comma-separated.</param>
    /// <param name="status">The page's status filter.</param>
    /// <param name="q">The page's search text.</param>
    /// <returns>The rows of those sites that pass the filter.</returns>
    public IActionResult OnGetRows(string? sites, string? status, string? q)
    {
        HashSet<string> wanted = [.. (sites ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Take(500)];
        return Partial("_SiteRows", Filter(_view.Sites(CockpitViewer.Of(User)!, wanted), status, q));
    }

    private List<SiteSummary> Filter(List<SiteSummary> sites, string? status, string? q)
    {
        Status = Enum.TryParse(status, ignoreCase: true, out SiteStatus s) && status!.All(char.IsAsciiLetter) ? s : null;
        Query = (q ?? "").Trim();
        return sites
            .Where(x => Status == null || x.Status == Status)
            .Where(x => Query.Length == 0 || x.Site.Contains(Query, StringComparison.OrdinalIgnoreCase) || x.Tenant.Contains(Query, StringComparison.OrdinalIgnoreCase)
                || x.Carrying.Contains(Query, StringComparison.OrdinalIgnoreCase) || x.Worst.Contains(Query, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(x => x.Status).ThenBy(x => x.Site, StringComparer.Ordinal)
            .ToList();
    }
}
