using System.Text.Json;

namespace NfBond.Aggregator.Fleet;

/// <summary>
/// Derives outages from a controller's link_state events, in sequence order: a link is out from its
/// "down" event to its next "up"; the site is out only while every link it has reported is down.
/// Availability over a period is the share of it not covered by outages.
/// </summary>
public static class OutageCalculator
{
    /// <summary>Computes link and site outages.</summary>
    /// <param name="events">The controller's events in sequence order (as stored).</param>
    /// <returns>Outages, link ones and site ones ("*"), in start order.</returns>
    public static List<Outage> Compute(IEnumerable<JsonElement> events)
    {
        List<(long Ts, string Link, string State, string Cause)> changes = [];
        AddChanges(events, changes);
        return Compute(changes);
    }

    /// <summary>Appends the link state changes among <paramref name="events"/> to <paramref name="changes"/>.</summary>
    /// <param name="events">Events in sequence order.</param>
    /// <param name="changes">Time, link, state, cause of each <c>link_state</c> event.</param>
    public static void AddChanges(IEnumerable<JsonElement> events, List<(long Ts, string Link, string State, string Cause)> changes)
    {
        foreach (JsonElement e in events)
        {
            // Events stored before intake checked types (F3) are skipped, not thrown on.
            if (IsText(e, "kind", out string? kind) && kind == "link_state" && IsText(e, "link", out string? link) && IsText(e, "state", out string? state)
                && e.TryGetProperty("ts", out JsonElement t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out long ts))
            {
                changes.Add((ts, link!, state!, IsText(e, "cause", out string? c) ? c! : ""));
            }
        }
    }

    /// <summary>
    /// Computes link and site outages from link state changes in order. Every link named anywhere counts
    /// from the start and is up before its first change, so one link down is never the whole site.
    /// </summary>
    /// <param name="changes">Time, link, state ("up"/"down"), cause; in order.</param>
    /// <returns>Outages, link ones and site ones ("*"), in start order.</returns>
    public static List<Outage> Compute(IReadOnlyList<(long Ts, string Link, string State, string Cause)> changes)
    {
        Dictionary<string, (long Start, string Cause)> open = [];
        HashSet<string> links = [.. changes.Select(c => c.Link)];
        List<Outage> outages = [];
        (long Start, string Cause)? siteDown = null;
        foreach ((long ts, string? link, string? state, string cause) in changes)
        {
            if (state == "down" && !open.ContainsKey(link!))
            {
                open[link!] = (ts, cause);
            }
            else if (state == "up" && open.Remove(link!, out (long Start, string Cause) started))
            {
                // A clock stepped back between the two events: the outage is no shorter than nothing.
                outages.Add(new Outage(link!, started.Start, Math.Max(ts, started.Start), started.Cause));
            }

            bool allDown = links.All(open.ContainsKey);
            if (allDown && siteDown == null)
            {
                siteDown = (ts, "all links down; last: " + link + ": " + cause);
            }
            else if (!allDown && siteDown != null)
            {
                outages.Add(new Outage("*", siteDown.Value.Start, Math.Max(ts, siteDown.Value.Start), siteDown.Value.Cause));
                siteDown = null;
            }
        }

        outages.AddRange(open.Select(o => new Outage(o.Key, o.Value.Start, -1, o.Value.Cause)));
        if (siteDown != null)
        {
            outages.Add(new Outage("*", siteDown.Value.Start, -1, siteDown.Value.Cause));
        }

        return outages.OrderBy(o => o.StartMs).ThenBy(o => o.Scope == "*" ? 1 : 0).ToList();
    }

    /// <summary>
    /// The site's view from its controllers' outages (a VRRP pair watches the same links): a link, or the
    /// site, counts as down only while every controller saw it down, since either could carry the traffic.
    /// </summary>
    /// <param name="perController">Each controller's outages as computed by <see cref="Compute(IEnumerable{JsonElement})"/>.</param>
    /// <returns>The site's outages in start order; one controller's list is returned as it is.</returns>
    public static List<Outage> ForSite(IReadOnlyList<List<Outage>> perController)
    {
        if (perController.Count == 0)
        {
            return [];
        }

        List<Outage> site = perController[0];
        for (int c = 1; c < perController.Count; c++)
        {
            List<Outage> next = [];
            foreach (IGrouping<string, Outage> scope in site.GroupBy(o => o.Scope))
            {
                foreach (Outage a in scope)
                {
                    foreach (Outage b in perController[c].Where(o => o.Scope == scope.Key))
                    {
                        long start = Math.Max(a.StartMs, b.StartMs);
                        long end = Math.Min(End(a), End(b));
                        if (end > start)
                        {
                            next.Add(new Outage(scope.Key, start, end == long.MaxValue ? -1 : end, a.Cause));
                        }
                    }
                }
            }

            site = next;
        }

        return site.OrderBy(o => o.StartMs).ThenBy(o => o.Scope == "*" ? 1 : 0).ToList();
    }

    /// <summary>Availability of one scope over a period.</summary>
    /// <param name="outages">Outages as computed.</param>
    /// <param name="scope">A link's name, or "*" for the site.</param>
    /// <param name="fromMs">Period start.</param>
    /// <param name="toMs">Period end.</param>
    /// <returns>The available share, 0 to 1.</returns>
    public static double Availability(IEnumerable<Outage> outages, string scope, long fromMs, long toMs)
    {
        long down = 0;
        foreach (Outage o in outages.Where(o => o.Scope == scope))
        {
            long start = Math.Max(o.StartMs, fromMs);
            long end = Math.Min(o.EndMs < 0 ? toMs : o.EndMs, toMs);
            down += Math.Max(0, end - start);
        }

        return toMs <= fromMs ? 1 : 1 - (double)down / (toMs - fromMs);
    }

    private static bool IsText(JsonElement e, string name, out string? value)
    {
        value = e.TryGetProperty(name, out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return value != null;
    }

    private static long End(Outage o) => o.EndMs < 0 ? long.MaxValue : o.EndMs;
}
