using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using NfBond.Aggregator.Alerts;

namespace NfBond.Aggregator.Plans;

/// <summary>
/// Writes an <see cref="EmergencyPlan"/> as one HTML page (which headless Chromium prints to PDF) in the
/// structure of BSI-Standard 200-4 and BSI's emergency-handbook template for small businesses: document
/// control, scope and activation, emergency card, alarm and escalation, roles and contacts, business
/// impact, risks, immediate measures, continuity, recovery, backups, communication, incident log, lessons
/// learned, drills, annexes. Where the integrator entered nothing, a section says what nf-bond knows and
/// marks what is missing, so a printed plan never hides a gap.
/// </summary>
public sealed class PlanDocument
{
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly EmergencyPlan _plan;
    private readonly PlanTexts _t;
    private readonly StringBuilder _h = new();
    private int _section;

    private PlanDocument(EmergencyPlan plan, PlanTexts texts) => (_plan, _t) = (plan, texts);

    /// <summary>Writes the plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="texts">The language.</param>
    /// <returns>The HTML page.</returns>
    public static string Html(EmergencyPlan plan, PlanTexts texts) => new PlanDocument(plan, texts).Write();

    private PlanInputs In => _plan.Inputs;

    private string Zone => _plan.Profile.TimeZone;

    private string Write()
    {
        string title = _t.Format("IT emergency plan: {0}", _plan.Site);
        _h.Append("<!DOCTYPE html><html lang=\"").Append(_t.Language).Append("\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font:10.5pt sans-serif;margin:1.6cm;color:#111}h1{font-size:18pt}h2{font-size:13pt;margin-top:1.4em;border-bottom:2px solid #345}")
            .Append("table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}th{background:#eef}")
            .Append(".card{border:3px solid #b00;padding:.6em 1em;margin:1em 0}.due{background:#fed;border:1px solid #c80;padding:.5em}.missing{color:#b00}")
            .Append("pre{font:9pt monospace;background:#f6f6f6;padding:.6em}h2{break-after:avoid}tr{break-inside:avoid}</style></head><body>");
        _h.Append("<h1>").Append(E(title)).Append("</h1>");
        DocumentControl();
        Scope();
        Card();
        Escalation();
        Contacts();
        Impact();
        Risks();
        Measures();
        Continuity();
        Recovery();
        Backups();
        Communication();
        IncidentLog();
        Lessons();
        DrillSection();
        Annexes();
        _h.Append("</body></html>");
        return _h.ToString();
    }

    private void DocumentControl()
    {
        Section("Document control");
        PlanVersion? v = _plan.Version, a = _plan.Approved;
        Table(["", ""],
        [
            [E(_t["Site"]), E(_plan.Site + (_plan.Tenant.Length > 0 ? " (" + _plan.Tenant + ")" : ""))],
            [E(_t["Plan version"]), v == null ? Missing("no version entered yet") : E(_t.Format("{0}, entered by {1} on {2}", v.Version, v.Author, _t.Date(v.Created, Zone)))],
            [E(_t["Owner (emergency officer)"]), Or(In.Owner)],
            [E(_t["Approval"]), a == null ? Missing("not approved") : E(_t.Format("version {0} approved by {1} on {2}", a.Version, a.ApprovedBy, _t.Date(a.ApprovedAt, Zone)))],
            [E(_t["Site configuration"]), E(_plan.ConfigVersion == 0 ? _t["no site file stored on the aggregator; links as the controllers report them"] : _t.Format("version {0}", _plan.ConfigVersion))],
            [E(_t["Next review"]), E(_t.Date(_plan.Review.NextReview, Zone) + " " + _t["(every 12 months and after every change of the site's configuration)"])],
            [E(_t["Distribution"]), In.Distribution is { Length: > 0 } d ? E(string.Join(", ", d)) : Missing("not entered")],
            [E(_t["Printed"]), E(_t.Time(_plan.Now, Zone))],
        ], raw: true);
        IReadOnlyList<string> reasons = _plan.Review.Reasons(_t);
        if (reasons.Count > 0)
        {
            _h.Append("<div class=\"due\"><strong>").Append(E(_t["Review due"])).Append(":</strong> ").Append(E(string.Join(" ", reasons))).Append("</div>");
        }
    }

    private void Scope()
    {
        Section("Scope, definitions and activation");
        P(_t.Format("This plan covers the internet connectivity of {0}{1}: the links {2}, steered by nf-bond controller(s) {3}.", _plan.Site,
            string.IsNullOrEmpty(In.Address) ? "" : " (" + In.Address + ")", string.Join(", ", _plan.Links.Select(LinkName)), string.Join(", ", _plan.Controllers.Select(c => c.Device))));
        Table([_t["Term"], _t["Meaning here"]],
        [
            [_t["Disruption"], _t["One link fails and another carries the traffic: the business goes on; nf-bond handles it and the integrator is alerted."]],
            [_t["Emergency"], _t["The site has no internet for longer than the activation time, or the critical processes cannot run: this plan is activated."]],
            [_t["Crisis"], _t["The outage lasts beyond the maximum tolerable downtime of a critical process: the management decides on further measures."]],
        ]);
        P(_t["The plan is activated when:"]);
        List(
        [
            _t.Format("every link is down for more than {0} minutes;", In.ActivationMinutes),
            _plan.Primary is PlanLink p && _plan.Backups.Any() ? _t.Format("the primary link {0} is down for more than 4 hours (the site runs on {1});", LinkName(p), string.Join(", ", _plan.Backups.Select(LinkName))) : _t["the only link is down;"],
            _t["the controller is offline and no standby controller takes over."],
        ]);
    }

    private void Card()
    {
        Section("Emergency card");
        _h.Append("<div class=\"card\">");
        PlanContact? first = In.Contacts?.FirstOrDefault();
        _h.Append("<p><strong>").Append(E(_t["Internet down? Call:"])).Append("</strong> ")
            .Append(first == null ? Missing("no contact entered") : E($"{first.Name} ({first.Role}) {first.Phone}" + (string.IsNullOrEmpty(first.Deputy) ? "" : $"; {_t["Deputy"]}: {first.Deputy} {first.DeputyPhone}"))).Append("</p>");
        P(_t["Report: who you are; which system fails (card terminal, prescriptions, machines ...); since when; where; what you saw (controller lights, messages)."]);
        P(_t["Do not unplug, reset or restart the router, modems or the controller unless you are told to: the backup may be carrying the traffic."]);
        _h.Append("</div>");
    }

    private void Escalation()
    {
        Section("Alarm and escalation plan");
        AlertOptions a = _plan.Alerting;
        List<string> automatic =
        [
            E(_t.Format("nf-bond raises an alert when a link is down for more than {0} s, on failover, when the site or its controller goes offline, on data caps (80 % and 100 %), modem power cycles and failed drills.", a.LinkDownSeconds)),
            FormatHtml("It sends the alert to: {0}.", Channels(false)),
            FormatHtml("Unacknowledged after {0} minutes, it escalates to: {1}; it reminds every {2} minutes until the incident is acknowledged or over.", E((a.EscalateSeconds / 60).ToString(_t.Culture)), Channels(true), E((a.RenotifySeconds / 60).ToString(_t.Culture))),
        ];
        List(automatic, raw: true);
        P(_t["Call tree (whoever is reached acts; if nobody answers within the deadline, call the next):"]);
        PlanContact[] contacts = In.Contacts ?? [];
        Table([_t["Level"], _t["Deadline"], _t["Role"], _t["Name"], _t["Phone"], _t["Deputy"]],
            contacts.Length == 0 ? [[Missing("no contact entered"), "", "", "", "", ""]]
            : [.. contacts.Select((c, i) => new[] { (i + 1).ToString(_t.Culture), E(i == 0 ? _t["at once"] : _t.Format("after {0} min", a.EscalateSeconds / 60 * i)), E(c.Role), E(c.Name), E(c.Phone),
                E(string.IsNullOrEmpty(c.Deputy) ? "" : $"{c.Deputy} {c.DeputyPhone}") })], raw: true);
    }

    private void Contacts()
    {
        Section("Roles and contacts");
        Table([_t["Role"], _t["Name"], _t["Phone"], _t["E-mail"], _t["Deputy"]],
            (In.Contacts ?? []).Length == 0 ? [[Missing("no contact entered"), "", "", "", ""]]
            : [.. In.Contacts!.Select(c => new[] { E(c.Role), E(c.Name), E(c.Phone), E(c.Email ?? ""), E(string.IsNullOrEmpty(c.Deputy) ? "" : $"{c.Deputy} {c.DeputyPhone}") })], raw: true);
        P(_t["Providers:"]);
        Table([_t["Link"], _t["Provider"], _t["Fault hotline"], _t["Contract"], _t["Customer number"], _t["Repair time (SLA)"]],
            [.. _plan.Links.Select(l =>
            {
                PlanProvider? p = In.Providers?.FirstOrDefault(x => x.Link == l.Name);
                return new[] { E(LinkName(l)), l.Provider.Length > 0 ? E(l.Provider) : Missing("not in the site file"), p == null ? Missing("not entered") : E(p.Hotline), E(p?.Contract ?? ""), E(p?.CustomerNumber ?? ""), E(p?.Sla ?? "") };
            })], raw: true);
    }

    private void Impact()
    {
        Section("Business impact analysis");
        BusinessProfileText();
        PlanProcess[] processes = In.Processes is { Length: > 0 } given ? given : [new PlanProcess(_t["Internet access for every business system"], _t["all"], null, In.ActivationMinutes, 240)];
        Table([_t["Critical process"], _t["Systems"], _t["Links"], _t["RTO"], _t["Maximum tolerable downtime"], _t["Emergency operation"], _t["Covered by a backup link"]],
            [.. processes.Select(p =>
            {
                string[] links = p.Links is { Length: > 0 } l ? l : [.. _plan.Links.Select(x => x.Name)];
                return new[] { p.Name, p.Systems, string.Join(", ", links), $"{p.RtoMinutes} min", $"{p.MaxDowntimeMinutes} min", p.EmergencyOperation ?? "", links.Length > 1 ? _t["yes"] : _t["no: a single link"] };
            })]);
        if (In.Processes is not { Length: > 0 })
        {
            P(Missing("The critical processes were not entered; the line above stands for all of them."), raw: true);
        }
    }

    private void BusinessProfileText()
    {
        Reports.BusinessProfile b = _plan.Profile;
        string[] days = ["", _t["Mon"], _t["Tue"], _t["Wed"], _t["Thu"], _t["Fri"], _t["Sat"], _t["Sun"]];
        P(_t.Format("Downtime costs about {0} EUR per hour inside business hours ({1}, {2}:00-{3}:00, {4}); business profile \"{5}\". The backup costs {6} EUR a month.",
            b.HourlyCostEur.ToString("0.00", _t.Culture), string.Join(" ", b.Days.Select(d => days[d])), b.Opens, b.Closes, b.TimeZone, b.Name, b.BackupMonthlyEur.ToString("0.00", _t.Culture)));
    }

    private void Risks()
    {
        Section("Risk analysis");
        List<PlanRisk> risks = [];
        foreach (PlanLink l in _plan.Links)
        {
            string others = string.Join(", ", _plan.Links.Where(x => x != l).Select(LinkName));
            string measure = others.Length > 0 ? _t.Format("Automatic failover to {0}", others) : _t["None: a single link; add a backup"];
            risks.Add(l.Type switch
            {
                "lte" or "5g" or "cellular" => new PlanRisk(_t.Format("{0}: mobile network outage or poor signal", LinkName(l)), "medium", "medium", measure + "; " + _t["modem recovery ladder"]),
                "starlink" => new PlanRisk(_t.Format("{0}: obstruction, heavy weather or outage", LinkName(l)), "medium", "medium", measure),
                _ => new PlanRisk(_t.Format("{0}: line cut (construction work) or fault at the provider", LinkName(l)), "medium", "high", measure),
            });
        }

        if (_plan.Backups.Any(l => l.Metered || l.CapMb > 0))
        {
            risks.Add(new PlanRisk(_t["A long outage uses up the backup's data cap"], "medium", "medium", _t["Alerts at 80 % and 100 % of the cap; metered links carry only what they must"]));
        }

        risks.Add(_plan.Controllers.Count > 1
            ? new PlanRisk(_t["The controller board fails"], "low", "high", _t.Format("Standby controller ({0}) takes over by VRRP", string.Join(", ", _plan.Controllers.Skip(1).Select(c => c.Device))))
            : new PlanRisk(_t["The controller board fails"], "low", "high", _t["Spare board kept on site or by the integrator (field swap, section 10)"]));
        risks.Add(new PlanRisk(_t["Power cut"], "medium", "high", _t["UPS for router, modems and controller"]));
        risks.AddRange(In.Risks ?? []);
        Table([_t["Threat"], _t["Likelihood"], _t["Impact"], _t["Measure"]], [.. risks.Select(r => new[] { r.Threat, _t[r.Likelihood], _t[r.Impact], r.Measure })]);
    }

    private void Measures()
    {
        Section("Immediate measures");
        List<string> steps =
        [
            _t["Look in the nf-bond cockpit (or at the controller's status light) which links are up and which one carries the traffic."],
            _t["If a backup carries the traffic: tell the staff that the site runs on backup and to avoid large downloads and updates."],
            _t["If every link is down: check the power of router, modems and controller; do not reset them."],
            _t["Call the provider of the failed link (section 5), open a fault ticket and write its number into the incident log."],
            _t["Call the integrator if the cause is unclear or the controller is offline."],
        ];
        steps.AddRange(In.ImmediateMeasures ?? []);
        List(steps, ordered: true);
    }

    private void Continuity()
    {
        Section("Business continuity");
        PlanDrillRun? last = _plan.DrillRuns.FirstOrDefault(r => r.Ok);
        string backups = string.Join(", ", _plan.Backups.Select(LinkName));
        P(_plan.Primary is not PlanLink p || backups.Length == 0 ? _t["The site has a single link: there is nothing to fail over to."]
            : last == null ? _t.Format("nf-bond moves the traffic from {0} to {1} by itself; no drill has measured the switch time yet.", LinkName(p), backups)
            : _t.Format("nf-bond moves the traffic from {0} to {1} by itself; the last drill measured a switch time of {2}.", LinkName(p), backups, _t.Duration(last.SwitchMs)));
        List<string> resources = [.. _plan.Backups.Select(l => LinkName(l) + (l.CapMb > 0 ? " " + _t.Format("(data cap {0} MB a month)", l.CapMb) : l.Metered ? " " + _t["(metered)"] : ""))];
        if (_plan.Controllers.Count > 1)
        {
            resources.Add(_t.Format("standby controller {0} (VRRP)", string.Join(", ", _plan.Controllers.Skip(1).Select(c => c.Device))));
        }

        P(_t["Replacement resources:"]);
        List(resources.Count > 0 ? resources : [_t["none"]]);
        P(_t["Alternative processes while the internet is down:"]);
        if (In.Continuity is { Length: > 0 } c)
        {
            List([.. c]);
        }
        else
        {
            P(Missing("not entered (e.g. cash only, paper forms, phone orders)"), raw: true);
        }
    }

    private void Recovery()
    {
        Section("Recovery plans");
        string primary = _plan.Primary is PlanLink p ? LinkName(p) : "";
        Table([_t["Step"], _t["Who"], _t["Duration"], _t["Check"]],
        [
            [_t.Format("1. Failover: the traffic moves off {0}", primary), _t["nf-bond (automatic)"], _t["seconds"], _t["Cockpit shows the site \"on backup\"; card terminal and other critical systems work"]],
            [_t.Format("2. Restore the primary: the provider repairs {0}", primary), _t["Provider, called by the emergency officer"], _t["per the provider's SLA (section 5)"], _t["The link is up in the cockpit and its latency and loss are normal"]],
            [_t["3. Fail back: nf-bond returns the traffic once the primary is stable"], _t["nf-bond (automatic)"], _t["minutes"], _t["Cockpit shows the site \"online\" with the traffic on the primary; the backup's data use stops growing"]],
            [_t.Format("4. Replace a failed controller (field swap): flash a spare board with nf-bond, provision it as the site's controller (nfbond provision), plug it in; it fetches site configuration version {0} from the aggregator", _plan.ConfigVersion),
                _t["Integrator"], _t["30-60 minutes"], _t["Cockpit shows the controller online and the configuration version it runs"]],
            [_t["5. Close the incident: note times and decisions in the incident log, acknowledge the alert, review this plan"], _t["Emergency officer"], _t["15 minutes"], _t["Incident log complete; lessons learned noted (section 14)"]],
        ]);
    }

    private void Backups()
    {
        Section("Backups and fallback systems");
        Table([_t["What"], _t["How often"], _t["Where"], _t["Last restore test"]],
            In.Backups is { Length: > 0 } b ? [.. b.Select(x => new[] { E(x.What), E(x.HowOften), E(x.Where), x.LastRestoreTest is { Length: > 0 } t ? E(t) : Missing("never") })]
            : [[Missing("no backups entered"), "", "", ""]], raw: true);
        P(_t["Fallback systems kept ready by nf-bond:"]);
        List([.. _plan.Backups.Select(l => _t.Format("backup link {0}", LinkName(l))),
            .. _plan.Controllers.SelectMany(c => c.Modems).DistinctBy(m => m.Name).Select(m => _t.Format("modem {0} ({1}, SIM {2})", m.Name, m.Operator, m.Iccid))]);
    }

    private void Communication()
    {
        Section("Communication");
        PlanCommunication c = In.Communication ?? new PlanCommunication();
        string backup = string.Join(", ", _plan.Backups.Select(LinkName));
        Table([_t["Audience"], _t["Message"]],
        [
            [_t["Staff"], c.Staff ?? _t.Format("The internet at {0} is down. We run on the backup ({1}) where possible; card payments and critical systems first, no large downloads. Wait for the all-clear.", _plan.Site, backup)],
            [_t["Customers"], c.Customers ?? _t["We are having an internet outage. Card payments may be slower or unavailable; we are working on it. Thank you for your patience."]],
            [_t["Suppliers"], c.Suppliers ?? _t["Our internet is down; orders by e-mail may be delayed. Please call us instead."]],
            [_t["Authorities"], c.Authorities ?? _t["If personal data was lost or exposed, the data-protection officer reports it to the supervisory authority within 72 hours (GDPR art. 33)."]],
        ]);
        P(_t.Format("Channels that do not depend on the site's internet: {0}", c.Channels ?? _t["mobile phones (calls and SMS), a notice at the entrance, the phone tree above"]));
    }

    private void IncidentLog()
    {
        Section("Incident log");
        P(_t["From the controllers' events of the last 12 months (times in the site's time zone); add the decisions taken."]);
        List<string[]> rows = [.. _plan.Outages.Take(100).Select(o => new[] { _t.Time(o.StartMs, Zone), o.EndMs == 0 ? _t["ongoing"] : _t.Time(o.EndMs, Zone),
            o.Scope == "*" ? _t["whole site"] : o.Scope, o.EndMs == 0 ? "" : _t.Duration(o.EndMs - o.StartMs), o.Cause, "" })];
        rows.AddRange(_plan.Failovers.Take(50).Select(f => new[] { _t.Time(f.Ts, Zone), "", _t["failover"], "", f.Detail, "" }));
        rows.Sort((x, y) => string.CompareOrdinal(y[0], x[0]));
        Table([_t["From"], _t["To"], _t["Scope"], _t["Duration"], _t["Cause"], _t["Decision"]], rows.Count > 0 ? rows : [[_t["No incidents recorded."], "", "", "", "", ""]]);
    }

    private void Lessons()
    {
        Section("Follow-up and lessons learned");
        List<string> lessons = [.. In.Lessons ?? []];
        lessons.AddRange(_plan.DrillRuns.Where(r => !r.Ok).Select(r => _t.Format("The drill on {0} ({1} out) failed: {2}. Find out why before the next drill.", _t.Date(r.Ts, Zone), r.Link, r.Detail)));
        List(lessons.Count > 0 ? lessons : [_t["No lessons recorded yet."]]);
    }

    private void DrillSection()
    {
        Section("Exercise plan and log");
        Table([_t["Schedule (cron)"], _t["Time zone"], _t["Link taken out"], _t["For"], _t["Next run"]],
            _plan.Drills.Count == 0 ? [[Missing("no drill scheduled; schedule one (POST /api/sites/SITE/drills)"), "", "", "", ""]]
            : [.. _plan.Drills.Select(d => new[] { E(d.Cron), E(d.TimeZone), E(d.Link), $"{d.Seconds} s", d.NextRun == long.MaxValue ? "" : E(_t.Time(d.NextRun, d.TimeZone)) })], raw: true);
        int rto = (In.Processes ?? []).Select(p => p.RtoMinutes).DefaultIfEmpty(In.ActivationMinutes).Min();
        P(_t.Format("Log (failover drills: scenario \"primary link lost\"; target: traffic continues within the shortest RTO, {0} min):", rto));
        Table([_t["When"], _t["Controller"], _t["Link taken out"], _t["Result"], _t["Measured switch time"], _t["RTO met"], _t["Finding"]],
            _plan.DrillRuns.Count == 0 ? [[_t["No drill has run yet."], "", "", "", "", "", ""]]
            : [.. _plan.DrillRuns.Take(100).Select(r => new[] { _t.Time(r.Ts, Zone), r.Device, r.Link, r.Ok ? _t["passed"] : _t["failed"], r.SwitchMs < 0 ? "-" : $"{r.SwitchMs} ms",
                r.Ok && r.SwitchMs <= rto * 60_000L ? _t["yes"] : _t["no"], r.Detail })]);
    }

    private void Annexes()
    {
        Section("Annexes");
        P(_t["Network diagram:"]);
        StringBuilder d = new();
        d.Append("LAN ── ").Append(string.Join(" / ", _plan.Controllers.Select(c => c.Device + (c.VrrpRole.Length > 0 ? $" [{c.VrrpRole}]" : "")))).Append('\n');
        foreach (PlanLink l in _plan.Links)
        {
            d.Append("   ├─ ").Append(l.Name).Append(" (").Append(l.Type).Append(l.Interface.Length > 0 ? ", " + l.Interface : "").Append(l.Modem.Length > 0 ? ", " + l.Modem : "")
                .Append(") ── ").Append(l.Provider.Length > 0 ? l.Provider : "?").Append(" ── Internet\n");
        }

        _h.Append("<pre>").Append(E(d.ToString())).Append("</pre>");
        P(_t["Assets:"]);
        Table([_t["Asset"], _t["Detail"]],
        [
            .. _plan.Controllers.Select(c => new[] { _t.Format("controller {0}", c.Device), _t.Format("VRRP role {0}, priority {1}", c.VrrpRole.Length > 0 ? c.VrrpRole : "-", c.Priority) }),
            .. _plan.Controllers.SelectMany(c => c.Modems).DistinctBy(m => m.Name).Select(m => new[] { _t.Format("modem {0}", m.Name), $"{m.Operator}, ICCID {m.Iccid}" }),
            .. _plan.Links.Select(l => new[] { _t.Format("link {0}", l.Name), $"{l.Type}, {l.Provider}" + (l.CapMb > 0 ? ", " + _t.Format("data cap {0} MB a month", l.CapMb) : "") }),
        ]);
        Table(["", ""],
        [
            [E(_t["Contracts are kept at"]), In.ContractsKeptAt is { Length: > 0 } c ? E(c) : Missing("not entered")],
            [E(_t["Passwords are kept at (never written here)"]), In.PasswordsKeptAt is { Length: > 0 } p ? E(p) : Missing("not entered")],
        ], raw: true);
    }

    private string Channels(bool escalation)
    {
        List<AlertChannel> channels = [.. _plan.Channels.Where(c => c.Escalation == escalation)];
        return channels.Count == 0 ? Missing("no channel set up") : E(string.Join(", ", channels.Select(c => $"{c.Kind} {c.Target}")));
    }

    private static string LinkName(PlanLink l) => l.Provider.Length > 0 ? $"{l.Name} ({l.Provider})" : l.Name;

    private string Or(string? text) => string.IsNullOrWhiteSpace(text) ? Missing("not entered") : E(text);

    // The text is escaped, the values are HTML already (a gap marked as missing).
    private string FormatHtml(string english, params object[] html) => string.Format(_t.Culture, E(_t[english]), html);

    private string Missing(string english) => "<span class=\"missing\">" + E(_t[english]) + "</span>";

    private void Section(string english)
    {
        _section++;
        _h.Append("<h2>").Append(_section).Append(". ").Append(E(_t[english])).Append("</h2>");
    }

    private void P(string text, bool raw = false) => _h.Append("<p>").Append(raw ? text : E(text)).Append("</p>");

    private void List(IEnumerable<string> items, bool ordered = false, bool raw = false)
    {
        _h.Append(ordered ? "<ol>" : "<ul>");
        foreach (string item in items)
        {
            _h.Append("<li>").Append(raw ? item : E(item)).Append("</li>");
        }

        _h.Append(ordered ? "</ol>" : "</ul>");
    }

    // Cells are text unless raw (then the caller encoded them and may mark a gap).
    private void Table(string[] headers, IEnumerable<string[]> rows, bool raw = false)
    {
        _h.Append("<table>");
        if (headers.Any(h => h.Length > 0))
        {
            _h.Append("<tr>").AppendJoin("", headers.Select(h => "<th>" + E(h) + "</th>")).Append("</tr>");
        }

        foreach (string[] row in rows)
        {
            _h.Append("<tr>");
            for (int i = 0; i < row.Length; i++)
            {
                string cell = raw ? row[i] : E(row[i]);
                _h.Append(i == 0 && headers[0].Length == 0 ? "<th>" : "<td>").Append(cell).Append(i == 0 && headers[0].Length == 0 ? "</th>" : "</td>");
            }

            _h.Append("</tr>");
        }

        _h.Append("</table>");
    }

    // Umlauts stay readable in the page's source (UTF-8); only markup is escaped.
    private static string E(string text) => s_encoder.Encode(text);
}
