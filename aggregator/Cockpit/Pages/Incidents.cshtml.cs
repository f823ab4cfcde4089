using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Cockpit.Pages;

/// <summary>
/// The incidents the viewer may see: open ones first, or the last 30 days; technicians and administrators
/// acknowledge them here (no more reminders, no escalation).
/// </summary>
public sealed class IncidentsModel : PageModel
{
    private const long HistoryMs = 30L * 86_400_000;
    private readonly IFleetStore _store;

    /// <summary>Creates the page.</summary>
    /// <param name="store">The fleet store.</param>
    public IncidentsModel(IFleetStore store) => _store = store;

    /// <summary>Gets the incidents shown, open ones first, newest first.</summary>
    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    /// <summary>Gets whether closed incidents of the last 30 days are shown too.</summary>
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    /// <summary>Gets whether the viewer may acknowledge.</summary>
    public bool MayAct { get; private set; }

    /// <summary>Gets what the last acknowledgement did, or empty.</summary>
    public string Message { get; private set; } = "";

    /// <summary>Gets now, ms since 1970 UTC (durations of open incidents).</summary>
    public long Now { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Shows the incidents.</summary>
    /// <returns>The page.</returns>
    public IActionResult OnGet() => Load();

    /// <summary>Acknowledges an incident.</summary>
    /// <param name="id">The incident.</param>
    /// <returns>The page with the outcome; 403 for a customer, 404 for an incident the viewer may not see.</returns>
    public IActionResult OnPostAcknowledge(long id)
    {
        CockpitViewer viewer = CockpitViewer.Of(User)!;
        if (!viewer.MayAct)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        IReadOnlyDictionary<string, string> tenants = _store.SiteTenants();
        if (_store.Incidents(false, 0).FirstOrDefault(i => i.Id == id) is not Incident incident || !viewer.MaySee(incident.Site, tenants))
        {
            return NotFound();
        }

        Message = _store.Acknowledge(id, viewer.Name) ? $"incident {id} acknowledged" : $"incident {id} was already acknowledged by {incident.AcknowledgedBy}";
        return Load();
    }

    /// <summary>Gets the English name of a rule (the key of its text).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>Its name.</returns>
    public static string RuleName(string rule) => rule switch
    {
        AlertRules.SiteDown => "Site down",
        AlertRules.LinkDown => "Link down",
        AlertRules.ControllerOffline => "Controller offline",
        AlertRules.Failover => "On backup",
        AlertRules.ModemRecovery => "Modem recovery",
        AlertRules.DataCap => "Data cap",
        AlertRules.PoorSignal => "Poor signal",
        AlertRules.VrrpMaster => "VRRP master change",
        AlertRules.DrillFailed => "Drill failed",
        _ => rule,
    };

    private IActionResult Load()
    {
        CockpitViewer viewer = CockpitViewer.Of(User)!;
        MayAct = viewer.MayAct;
        IReadOnlyDictionary<string, string> tenants = _store.SiteTenants();
        Incidents = [.. _store.Incidents(!All, Now - HistoryMs).Where(i => viewer.MaySee(i.Site, tenants)).OrderBy(i => i.Closed == 0 ? 0 : 1).ThenByDescending(i => i.Opened)];
        return Page();
    }
}
