using System.Text.Json;
using System.Threading.Channels;
using NfBond.Aggregator.Cockpit;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Alerts;

/// <summary>
/// Turns stored messages into incidents and incidents into alerts. One incident per outage: a site that
/// is down, or whose controller is offline, raises no link alerts (dependency suppression); a link must
/// stay down <see cref="AlertOptions.LinkDownSeconds"/> before it is alerted; an incident that comes back
/// within <see cref="AlertOptions.FlapSeconds"/> is the same incident, and its all-clear waits that long;
/// open incidents are sent again every <see cref="AlertOptions.RenotifySeconds"/> and go to the escalation
/// channels after <see cref="AlertOptions.EscalateSeconds"/> until acknowledged; nothing is sent during a
/// site's maintenance window; a modem whose signal stays poor for <see cref="AlertOptions.PoorSignalMinutes"/>
/// is alerted like a link. Each delay, and which rules raise anything, is the site's (<see cref="AlertRuleBook"/>:
/// site over tenant over these options). Every step is claimed in the database, so with several instances each incident
/// is raised once and each alert queued once; alerts then leave through the outbox (<see cref="AlertSender"/>).
/// </summary>
public sealed class AlertEngine
{
    private static readonly string[] s_powerCycleSteps = ["graceful power-off", "power-key cycle", "hard power cycle"];
    private readonly IFleetStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the engine.</summary>
    /// <param name="store">The shared store.</param>
    /// <param name="options">Delays and channels' settings.</param>
    /// <param name="time">The clock.</param>
    public AlertEngine(IFleetStore store, AlertOptions options, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
        Rules = new AlertRuleBook(store, options);
    }

    /// <summary>Gets the tenants' and sites' rules.</summary>
    public AlertRuleBook Rules { get; }

    private readonly Channel<IngestMessage> _queue = Channel.CreateUnbounded<IngestMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _pendingSites = [];

    // Closes held back while the worker evaluates a batch (worker thread only); null outside a batch.
    private HashSet<string>? _closing;

    /// <summary>
    /// Hands a stored message to the evaluation worker (<see cref="RunAsync"/>), off the ingest path: the
    /// broker acknowledges the device without waiting for incident bookkeeping. A state is not queued while
    /// one of the same site waits: the evaluation reads the site's newest stored states anyway.
    /// </summary>
    /// <param name="message">The message, already stored.</param>
    public void Enqueue(IngestMessage message)
    {
        if (message.Kind == "state")
        {
            lock (_pendingSites)
            {
                if (!_pendingSites.Add(message.Site))
                {
                    return;
                }
            }
        }

        _queue.Writer.TryWrite(message);
    }

    /// <summary>
    /// Evaluates queued messages until <see cref="Complete"/> was called and the queue is empty: whatever
    /// waits (up to 1000) as one batch, in which repeated closes of one incident (every "up" of a healthy
    /// fleet) reach the database once.
    /// </summary>
    /// <param name="log">Where failed evaluations are reported.</param>
    /// <returns>Completes when the queue is done.</returns>
    public async Task RunAsync(TextWriter log)
    {
        ChannelReader<IngestMessage> reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            _closing = [];
            try
            {
                for (int n = 0; n < 1000 && reader.TryRead(out IngestMessage? message); n++)
                {
                    Evaluate(message, log);
                }

                FlushCloses(Now());
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                // An incident that stayed open is closed by the link's next "up" or the site's next state.
                log.WriteLine($"alerts: closing incidents failed: {ex.Message}");
            }
            finally
            {
                _closing = null;
            }
        }
    }

    /// <summary>Lets <see cref="RunAsync"/> finish once the queued messages are evaluated.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Looks at a message just stored: may open or close incidents.</summary>
    /// <param name="message">The message.</param>
    public void OnStored(IngestMessage message) => OnStored(message, everyController: false);

    private void Evaluate(IngestMessage message, TextWriter log)
    {
        if (message.Kind == "state")
        {
            lock (_pendingSites)
            {
                _pendingSites.Remove(message.Site);
            }
        }

        try
        {
            // A queued state stands for every state of its site that came meanwhile.
            OnStored(message, everyController: true);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or JsonException)
        {
            // The message is stored; the next state or event re-evaluates what this one would have.
            log.WriteLine($"alerts: evaluating {message.Kind} from {message.Device} failed: {ex.Message}");
        }
    }

    private void OnStored(IngestMessage message, bool everyController)
    {
        long now = Now();
        string site = message.Site;
        switch (message.Kind)
        {
            case "status":
                using (JsonDocument status = JsonDocument.Parse(message.Body))
                {
                    string? state = Text(status.RootElement, "state");
                    Lasting(site, AlertRules.ControllerOffline, message.Device, state == "offline", $"{message.Device} lost its connection to the broker", now);
                }

                break;
            case "state":
                (SiteSummary summary, List<ControllerView> controllers) = new FleetView(_store).Site(site);
                Lasting(site, AlertRules.SiteDown, "", summary.Status == SiteStatus.Down, "no link can carry traffic", now);
                // On backup is one incident, named after the primary: it stands for the primary's own link alert.
                string primary = FleetView.Steering(controllers)?.Links.FirstOrDefault(l => l.Role == "primary")?.Name ?? "";
                Lasting(site, AlertRules.Failover, primary, summary.Status == SiteStatus.Backup, $"on backup: traffic on {summary.Carrying}", now);
                foreach (ControllerView controller in controllers)
                {
                    if (everyController || controller.Device == message.Device)
                    {
                        Signals(site, controller, now);
                    }
                }

                break;
            case "events":
                OnEvent(message, now);
                break;
        }
    }

    /// <summary>Sends what is due: first alerts, repeats, escalations and all-clears.</summary>
    public void Tick()
    {
        long now = Now();
        long horizon = Math.Max(Rules.LongestFlapSeconds, 600) * 2000L;
        IReadOnlyList<Incident> incidents = _store.Incidents(false, now - horizon);
        IReadOnlyDictionary<string, string> tenants = _store.SiteTenants();
        IReadOnlyList<AlertChannel> channels = _store.Channels();
        Dictionary<string, bool> inMaintenance = [];
        foreach (Incident incident in incidents)
        {
            if (!inMaintenance.TryGetValue(incident.Site, out bool maintained))
            {
                // Once per site and tick: the windows do not change while the incidents are looked at.
                maintained = inMaintenance[incident.Site] = _store.Maintenance(incident.Site).Any(m => now >= m.From && now < m.To);
            }

            SiteAlertRules rules = Rules.For(incident.Site);
            bool open = incident.Closed == 0;
            bool lasts = AlertRules.Lasts(incident.Rule);
            // A failed drill is news even inside the maintenance window the drill itself opened.
            bool quiet = (incident.Rule != AlertRules.DrillFailed && maintained) || Suppressed(incident, incidents, rules, now);
            if (incident.Notified == 0)
            {
                bool ripe = lasts ? open && now - incident.Opened >= Delay(incident.Rule, rules) : now - incident.Opened < horizon;
                if (ripe && !quiet && _store.ClaimSending(incident.Id, 0, now))
                {
                    Send(incident, lasts ? "open" : "event", channels, tenants, escalation: false, now);
                }

                continue;
            }

            if (open && lasts && incident.AcknowledgedBy.Length == 0)
            {
                if (rules.RenotifySeconds > 0 && now - incident.LastSent >= rules.RenotifySeconds * 1000L && !quiet && _store.ClaimSending(incident.Id, incident.LastSent, now))
                {
                    Send(incident, "reminder", channels, tenants, escalation: false, now);
                }

                if (!incident.Escalated && now - incident.Notified >= rules.EscalateSeconds * 1000L && !quiet && _store.ClaimEscalation(incident.Id))
                {
                    Send(incident, "escalated", channels, tenants, escalation: true, now);
                }
            }

            if (!open && lasts && !incident.ResolvedSent && now - incident.Closed >= rules.FlapSeconds * 1000L && _store.ClaimResolved(incident.Id))
            {
                Send(incident, "resolved", channels, tenants, escalation: incident.Escalated, now);
            }
        }
    }

    private void OnEvent(IngestMessage message, long now)
    {
        using JsonDocument document = JsonDocument.Parse(message.Body);
        JsonElement e = document.RootElement;
        string site = message.Site;
        switch (message.EventKind)
        {
            case "link_state" when Text(e, "link") is string link:
                string? state = Text(e, "state");
                if (state is "up" or "down")
                {
                    Lasting(site, AlertRules.LinkDown, link, state == "down", $"{link} down: {Text(e, "cause")}", now);
                }

                break;
            case "modem_recovery" when s_powerCycleSteps.Contains(Text(e, "step")):
            case "modem_held":
                Moment(site, AlertRules.ModemRecovery, Text(e, "modem") ?? "", $"{Text(e, "modem")}: {Text(e, "step")} ({Text(e, "cause")})", now);
                break;
            case "data_cap" when Text(e, "link") is string capped:
                long permille = e.TryGetProperty("threshold_permille", out JsonElement t) && t.TryGetInt64(out long p) ? p : 0;
                Moment(site, AlertRules.DataCap, capped + ":" + permille, $"{capped} used {permille / 10} % of its data cap", now);
                break;
            case "vrrp_role" when Text(e, "to") == "master":
                Moment(site, AlertRules.VrrpMaster, message.Device, $"{message.Device} became master ({Text(e, "cause")})", now);
                break;
            case "drill_result" when e.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.False:
                Moment(site, AlertRules.DrillFailed, Text(e, "link") ?? "", "drill failed: " + Text(e, "detail"), now);
                break;
        }
    }

    // How long a lasting incident must stay open before its first alert.
    private static long Delay(string rule, SiteAlertRules rules) => rule switch
    {
        AlertRules.LinkDown or AlertRules.Failover => rules.LinkDownSeconds * 1000L,
        AlertRules.PoorSignal => rules.PoorSignalMinutes * 60_000L,
        _ => 0,
    };

    // A modem whose signal is unknown (no service, not registered) is not "poor": its link's own state says more.
    private void Signals(string site, ControllerView controller, long now)
    {
        SiteAlertRules rules = Rules.For(site);
        foreach (ModemView modem in controller.Modems)
        {
            string scope = controller.Links.FirstOrDefault(l => l.Modem == modem.Name)?.Name ?? modem.Name;
            bool known = modem.RsrpDbm != 0;
            bool poor = known && (modem.RsrpDbm < rules.PoorRsrpDbm || modem.SinrTenthsDb < rules.PoorSinrDb * 10L);
            string sinr = (modem.SinrTenthsDb / 10.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
            Lasting(site, AlertRules.PoorSignal, scope, poor, $"{scope}: RSRP {modem.RsrpDbm} dBm, SINR {sinr} dB (poor below {rules.PoorRsrpDbm} dBm or {rules.PoorSinrDb} dB)", now);
        }
    }

    private void Lasting(string site, string rule, string scope, bool on, string detail, long now)
    {
        string key = site + "|" + rule + "|" + scope;
        SiteAlertRules rules = Rules.For(site);
        if (on && rules.Enabled(rule))
        {
            Open(key, site, rule, scope, detail, now, rules.FlapSeconds * 1000L);
        }
        else
        {
            Close(key, now);
        }
    }

    // Within a batch a close waits until the batch ends or the same incident opens again, so the store
    // sees each key's opens and closes in their order and a run of closes as one.
    private void Open(string key, string site, string rule, string scope, string detail, long now, long flapMs)
    {
        if (_closing != null && _closing.Remove(key))
        {
            _store.CloseIncident(key, now);
        }

        _store.OpenIncident(key, site, rule, scope, detail, now, flapMs);
    }

    private void Close(string key, long now)
    {
        if (_closing != null)
        {
            _closing.Add(key);
        }
        else
        {
            _store.CloseIncident(key, now);
        }
    }

    // One read tells which of the batch's closes find anything open: nearly none in a healthy fleet.
    private void FlushCloses(long now)
    {
        if (_closing!.Count > 0)
        {
            IReadOnlySet<string> open = _store.OpenIncidentKeys();
            foreach (string key in _closing)
            {
                if (open.Contains(key))
                {
                    _store.CloseIncident(key, now);
                }
            }
        }

        _closing.Clear();
    }

    // A moment (a failover, a data cap) is an incident that ends as it begins; the same kind again within
    // the flap time is the same incident, so a flapping link does not raise a failover alert each time.
    private void Moment(string site, string rule, string scope, string detail, long now)
    {
        SiteAlertRules rules = Rules.For(site);
        if (!rules.Enabled(rule))
        {
            return;
        }

        string key = site + "|" + rule + "|" + scope;
        Open(key, site, rule, scope, detail, now, rules.FlapSeconds * 1000L);
        Close(key, now);
    }

    // A site down or a controller offline stands for everything below it; on backup stands for its primary's link alert;
    // a link that is down says more than its modem's poor signal. One that just ended still stands for its outage during the flap time (it may come back with it).
    private static bool Suppressed(Incident incident, IReadOnlyList<Incident> all, SiteAlertRules rules, long now) =>
        incident.Rule is not (AlertRules.SiteDown or AlertRules.ControllerOffline)
        && all.Any(o => o.Site == incident.Site && o.Id != incident.Id && (o.Closed == 0 || now - o.Closed < rules.FlapSeconds * 1000L)
            && (o.Rule is AlertRules.SiteDown or AlertRules.ControllerOffline
            || (o.Rule == AlertRules.Failover && incident.Rule == AlertRules.LinkDown && o.Scope == incident.Scope)
            || (o.Rule is AlertRules.LinkDown or AlertRules.Failover && incident.Rule == AlertRules.PoorSignal && o.Scope == incident.Scope)));

    private void Send(Incident incident, string state, IReadOnlyList<AlertChannel> channels, IReadOnlyDictionary<string, string> tenants, bool escalation, long now)
    {
        string tenant = tenants.GetValueOrDefault(incident.Site, "");
        string subject = $"[nf-bond] {incident.Site}: {incident.Rule.Replace('_', ' ')}{(incident.Scope.Length > 0 ? " " + incident.Scope : "")} {state}";
        string body = JsonSerializer.Serialize(new
        {
            incident = incident.Id,
            site = incident.Site,
            tenant,
            rule = incident.Rule,
            scope = incident.Scope,
            state,
            detail = incident.Detail,
            opened = Reports.ReportFormats.Time(incident.Opened),
            closed = incident.Closed > 0 ? Reports.ReportFormats.Time(incident.Closed) : null,
            flaps = incident.Flaps,
        });
        foreach (AlertChannel channel in channels.Where(c => (c.Tenant.Length == 0 || c.Tenant == tenant) && (state == "resolved" ? !c.Escalation || escalation : c.Escalation == escalation)))
        {
            _store.Enqueue(incident.Id, channel.Id, subject, body, now);
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string? Text(JsonElement o, string member) => o.TryGetProperty(member, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
