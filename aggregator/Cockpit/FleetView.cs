using System.Text.Json;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Cockpit;

/// <summary>
/// Turns the stored latest messages into what the cockpit shows: a summary per site and the controllers,
/// links and modems of one site. The VRRP master's view of the links is the site's (it steers the traffic);
/// without a connected master, the first connected controller's.
/// </summary>
public sealed class FleetView
{
    private readonly IFleetStore _store;

    /// <summary>Creates the view.</summary>
    /// <param name="store">The fleet store.</param>
    public FleetView(IFleetStore store) => _store = store;

    /// <summary>Summarises every site the viewer may see (or the named ones).</summary>
    /// <param name="viewer">Who looks.</param>
    /// <param name="only">Only these sites, or null for all.</param>
    /// <returns>The summaries, by site.</returns>
    public List<SiteSummary> Sites(CockpitViewer viewer, IReadOnlySet<string>? only = null)
    {
        IReadOnlyDictionary<string, string> tenants = _store.SiteTenants();
        List<SiteSummary> sites = [];
        foreach (IGrouping<string, ControllerSnapshot> site in _store.Snapshots(only?.Count == 1 ? only.First() : null).GroupBy(s => s.Site))
        {
            if ((only == null || only.Contains(site.Key)) && viewer.MaySee(site.Key, tenants))
            {
                sites.Add(Summarise(site.Key, tenants.GetValueOrDefault(site.Key, ""), site.Select(Read).ToList(), site.ToList()));
            }
        }

        return sites;
    }

    /// <summary>Reads one site (whoever may see it): its summary and its controllers, from one query.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The summary and the controllers, by device.</returns>
    public (SiteSummary Summary, List<ControllerView> Controllers) Site(string site)
    {
        List<ControllerSnapshot> snapshots = [.. _store.Snapshots(site)];
        List<ControllerView> controllers = snapshots.Select(Read).ToList();
        return (Summarise(site, _store.SiteTenants().GetValueOrDefault(site, ""), controllers, snapshots), controllers);
    }

    /// <summary>Picks the controller whose links are the site's: the connected master, else the first connected one.</summary>
    /// <param name="controllers">The site's controllers.</param>
    /// <returns>The controller, or null when none reported a state.</returns>
    public static ControllerView? Steering(IReadOnlyList<ControllerView> controllers) =>
        controllers.FirstOrDefault(c => c.Online && c.VrrpRole == "master" && c.Links.Count > 0)
        ?? controllers.FirstOrDefault(c => c.Online && c.Links.Count > 0)
        ?? controllers.FirstOrDefault(c => c.Links.Count > 0);

    private static SiteSummary Summarise(string site, string tenant, List<ControllerView> controllers, List<ControllerSnapshot> snapshots)
    {
        ControllerView? steering = Steering(controllers);
        IReadOnlyList<LinkView> links = steering?.Links ?? [];
        SiteStatus status;
        if (!controllers.Any(c => c.Online))
        {
            status = SiteStatus.Offline;
        }
        else if (!links.Any(l => l.Usable))
        {
            status = SiteStatus.Down;
        }
        else
        {
            // The primary is the link with role "primary", or the first one when none has it.
            LinkView primary = links.FirstOrDefault(l => l.Role == "primary") ?? links[0];
            status = !primary.Usable || primary.Weight == 0 ? SiteStatus.Backup : links.Any(l => !l.Usable) ? SiteStatus.Degraded : SiteStatus.Online;
        }

        string carrying = string.Join(", ", links.Where(l => l.Weight > 0).OrderByDescending(l => l.Weight).Select(l => l.Name));
        LinkView? worst = links.OrderBy(l => l.Usable).ThenByDescending(l => l.LossPermille).ThenByDescending(l => l.LatencyUs).FirstOrDefault();
        string worstText = worst == null ? "" : !worst.Usable ? $"{worst.Name}: {worst.State}"
            : $"{worst.Name}: {Figures.Percent(worst.LossPermille)} loss, {Figures.Milliseconds(worst.LatencyUs)}";
        string vrrp = string.Join(", ", controllers.Where(c => c.VrrpRole.Length > 0).Select(c => c.Device + ": " + (c.Online ? c.VrrpRole : "offline")));
        ControllerSnapshot? last = snapshots.Where(s => s.LastEventKind != null).OrderByDescending(s => s.LastEventTs).FirstOrDefault();
        return new SiteSummary(site, tenant, status, carrying, worstText, vrrp, last?.LastEventKind ?? "", last?.LastEventTs ?? 0, controllers.Count);
    }

    private static ControllerView Read(ControllerSnapshot s)
    {
        bool online = false;
        if (s.Status != null)
        {
            using JsonDocument status = JsonDocument.Parse(s.Status);
            online = Text(status.RootElement, "state") == "online";
        }

        if (s.State == null)
        {
            return new ControllerView(s.Device, online, "", 0, [], [], 0);
        }

        using JsonDocument document = JsonDocument.Parse(s.State);
        JsonElement state = document.RootElement;
        List<LinkView> links = [];
        List<ModemView> modems = [];
        if (state.TryGetProperty("links", out JsonElement l) && l.ValueKind == JsonValueKind.Array)
        {
            links.AddRange(l.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => new LinkView(
                Text(x, "name"), Text(x, "type"), Text(x, "role"), Text(x, "state"), x.TryGetProperty("usable", out JsonElement u) && u.ValueKind == JsonValueKind.True,
                Number(x, "weight"), Number(x, "latency_us"), Number(x, "loss_permille"), Number(x, "jitter_us"), Text(x, "modem"), Number(x, "used_bytes"), Number(x, "cap_bytes"))));
        }

        if (state.TryGetProperty("modems", out JsonElement m) && m.ValueKind == JsonValueKind.Array)
        {
            modems.AddRange(m.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => new ModemView(
                Text(x, "name"), Text(x, "state"), Text(x, "operator"), Text(x, "iccid"), Number(x, "rsrp_dbm"), Number(x, "sinr_tenths_db"), Text(x, "level"))));
        }

        bool vrrp = state.TryGetProperty("vrrp", out JsonElement v) && v.ValueKind == JsonValueKind.Object;
        return new ControllerView(s.Device, online, vrrp ? Text(v, "role") : "", vrrp ? Number(v, "priority") : 0, links, modems, s.StateReceived);
    }

    private static string Text(JsonElement o, string member) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(member, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static long Number(JsonElement o, string member) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(member, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : 0;
}
