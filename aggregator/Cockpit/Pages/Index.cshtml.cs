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

    /// <summary>How many rows a page shows: the counts, sort and filter cover every site, the rows a page of them.</summary>
    public const int PageSize = 500;

    /// <summary>Gets the sites that pass the filter, on every page.</summary>
    public int Matching { get; private set; }

    /// <summary>Gets the page shown (from 1).</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>Gets how many pages there are.</summary>
    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);

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
    /// <param name="page">The page (from 1) of <see cref="PageSize"/> rows.</param>
    public void OnGet(string? status, string? q, int? page)
    {
        List<SiteSummary> all = _view.Sites(CockpitViewer.Of(User)!);
        Counts = all.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        List<SiteSummary> matching = Filter(all, status, q);
        Matching = matching.Count;
        PageNumber = Math.Clamp(page ?? 1, 1, Pages);
        Sites = matching.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
    }

    /// <summary>Builds the link to another page with the same filter.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The query string.</returns>
    public string PageLink(int page) => $"?status={Status?.ToString().ToLowerInvariant()}&q={Uri.EscapeDataString(Query)}&page={page}";

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
