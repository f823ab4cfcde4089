using System.Net;
using System.Resources;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Plans;
using NfBond.Aggregator.Storage;
using NfBond.Cli.Demo;
using NfBond.Firmware.Runtime;
using UglyToad.PdfPig;

namespace NfBond.Aggregator.Tests;

/// <summary>The site's IT emergency plan: every section filled from the live configuration and the inputs, in German and English, HTML and PDF, versioned and flagged for review.</summary>
public class EmergencyPlanTests
{
    private static readonly string[] s_english =
    [
        "Document control", "Scope, definitions and activation", "Emergency card", "Alarm and escalation plan", "Roles and contacts", "Business impact analysis", "Risk analysis",
        "Immediate measures", "Business continuity", "Recovery plans", "Backups and fallback systems", "Communication", "Incident log", "Follow-up and lessons learned",
        "Exercise plan and log", "Annexes",
    ];

    private static readonly string[] s_german =
    [
        "Dokumentenlenkung", "Geltungsbereich, Begriffe und Aktivierung", "Notfallkarte", "Alarmierungs- und Eskalationsplan", "Rollen und Kontakte", "Business-Impact-Analyse",
        "Risikoanalyse", "Sofortmaßnahmen", "Geschäftsfortführung", "Wiederanlaufpläne", "Datensicherungen und Ersatzsysteme", "Kommunikation", "Vorfallprotokoll",
        "Nachbereitung und Erkenntnisse", "Übungsplan und Übungsprotokoll", "Anhänge",
    ];

    [Fact]
    public async Task Every_demo_site_gets_a_plan_with_all_sixteen_sections_filled_in_both_languages_as_html_and_pdf()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-plan-demo");
        _ = new DemoFleet(new EventLoop(new SystemClock()), aggregator.Host, "http://127.0.0.1:9/inbox");

        foreach (string site in new[] { DemoFleet.Restaurant, DemoFleet.Practice, DemoFleet.Workshop })
        {
            foreach ((string lang, string[] titles) in new[] { ("en", s_english), ("de", s_german) })
            {
                string html = await aggregator.Http.GetStringAsync($"/api/sites/{site}/plan?lang={lang}");
                string[] headings = [.. Regex.Matches(html, "<h2>([0-9]+)\\. ([^<]+)</h2>").Select(m => WebUtility.HtmlDecode(m.Groups[2].Value))];
                Assert.Equal(titles, headings);
                Assert.DoesNotContain("class=\"missing\"", html, StringComparison.Ordinal);
                Assert.DoesNotContain("class=\"due\"", html, StringComparison.Ordinal);
                Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
            }
        }

        string practice = WebUtility.HtmlDecode(await aggregator.Http.GetStringAsync($"/api/sites/{DemoFleet.Practice}/plan?lang=de"));
        // From the inputs: the call tree with deputies and the DSL contract; from the configuration: the providers, the caps, the standby controller, the drill.
        Assert.Contains("Petra Schulz", practice, StringComparison.Ordinal);
        Assert.Contains("+49 151 4445556", practice, StringComparison.Ordinal);
        Assert.Contains("TK-BUS-55667", practice, StringComparison.Ordinal);
        Assert.Contains("dsl (Telekom)", practice, StringComparison.Ordinal);
        Assert.Contains("(Datenvolumen 30000 MB im Monat)", practice, StringComparison.Ordinal);
        Assert.Contains("Reserve-Controller (praxis-mueller-b) übernimmt per VRRP", practice, StringComparison.Ordinal);
        Assert.Contains("30 7 * * 6", practice, StringComparison.Ordinal);
        Assert.Contains("262,50 EUR pro Stunde", practice, StringComparison.Ordinal);
        Assert.Contains("eskaliert er an: ntfy http://127.0.0.1:9/inbox/praxis-mueller-escalation", practice, StringComparison.Ordinal);

        HttpResponseMessage pdf = await aggregator.Http.GetAsync($"/api/sites/{DemoFleet.Restaurant}/plan?lang=de&format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using PdfDocument document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        string text = string.Join("\n", document.GetPages().Select(p => p.Text));
        // Without spaces: a PDF has no space characters, only gaps between glyphs, and how wide a gap makes a space
        // in the extracted text depends on the fonts the machine has ("+49 1701234567" on one, "+49 170 1234567" on another).
        string letters = Regex.Replace(text, @"\s+", "");
        foreach (string expected in new[] { "IT-Notfallplan: trattoria-luca", "Notfallkarte", "+49 170 1234567", "DG-4471-220", "Übungsplan und Übungsprotokoll", "Anhänge" })
        {
            Assert.Contains(Regex.Replace(expected, @"\s+", ""), letters, StringComparison.Ordinal);
        }

        using PdfDocument english = PdfDocument.Open(await aggregator.Http.GetByteArrayAsync($"/api/sites/{DemoFleet.Workshop}/plan?lang=en&format=pdf"));
        Assert.Contains("Emergency card", string.Join("\n", english.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_are_versioned_checked_with_precise_errors_and_approved_once()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-plan-api");
        _ = new DemoFleet(new EventLoop(new SystemClock()), aggregator.Host);
        string url = $"/api/sites/{DemoFleet.Restaurant}/plan";

        async Task<(HttpStatusCode, string)> Put(string json)
        {
            HttpResponseMessage r = await aggregator.Http.PutAsync(url + "/inputs", new StringContent(json, Encoding.UTF8, "application/json"));
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        (HttpStatusCode status, string body) = await Put("{\"owner\":\"Luca\",\"approver\":\"Luca\",\"providers\":[{\"link\":\"dsl\",\"hotline\":\"+49 30 1\",\"contract\":\"x\"}]}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("providers[0].link 'dsl' is not a link of the site; one of fiber, lte", body, StringComparison.Ordinal);
        (status, body) = await Put("{\"owner\":\"Luca\",\"approver\":\"Luca\",\"contacts\":[{\"role\":\"owner\",\"name\":\"Luca\",\"phone\":\"call me\"}]}");
        Assert.Contains("contacts[0]: give role, name and phone", body, StringComparison.Ordinal);
        (status, body) = await Put("{\"owner\":\"Luca\",\"approver\":\"Luca\",\"ownr\":\"typo\"}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("ownr", body, StringComparison.Ordinal);
        (status, body) = await Put("{\"owner\":\"Luca\",\"approver\":\"Luca\",\"processes\":[{\"name\":\"Cards\",\"systems\":\"terminal\",\"rto_minutes\":60,\"max_downtime_minutes\":30}]}");
        Assert.Contains("max_downtime_minutes 30", body, StringComparison.Ordinal);

        // The demo left version 1, approved; a new version makes the plan due for review until it is approved.
        (status, body) = await Put("{\"owner\":\"Luca Bianchi\",\"approver\":\"Luca Bianchi\",\"activation_minutes\":3}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"version\":2", body, StringComparison.Ordinal);
        using (JsonDocument due = JsonDocument.Parse(await aggregator.Http.GetStringAsync(url + "?format=json")))
        {
            Assert.True(due.RootElement.GetProperty("review_due").GetBoolean());
            Assert.Equal("Version 2 was entered after the approval of version 1.", Assert.Single(due.RootElement.GetProperty("review_reasons").EnumerateArray()).GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await aggregator.Http.PostAsync(url + "/approve", new StringContent("{\"approver\":\"Luca\",\"version\":7}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await aggregator.Http.PostAsync(url + "/approve", new StringContent("{\"approver\":\"Luca Bianchi\"}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await aggregator.Http.PostAsync(url + "/approve", new StringContent("{\"approver\":\"Luca Bianchi\"}", Encoding.UTF8, "application/json"))).StatusCode);
        using JsonDocument current = JsonDocument.Parse(await aggregator.Http.GetStringAsync(url + "?format=json"));
        Assert.False(current.RootElement.GetProperty("review_due").GetBoolean());
        Assert.Equal(2, current.RootElement.GetProperty("approved_version").GetInt32());
        Assert.Contains("every link is down for more than 3 minutes", await aggregator.Http.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal("{\n  \"owner\": \"Luca Bianchi\",\n  \"approver\": \"Luca Bianchi\",\n  \"activation_minutes\": 3\n}", await aggregator.Http.GetStringAsync(url + "/inputs"));
    }

    [Fact]
    public void The_plan_is_due_for_review_after_12_months_and_when_the_site_configuration_changes_and_logs_incidents_and_drills()
    {
        using IFleetStore store = FleetStores.Open(new AggregatorOptions { DataDirectory = Directory.CreateTempSubdirectory("nfbond-plan-review").FullName });
        const string site = "shop";
        store.AddDevice(new DeviceRecord("shop-ctl", site, "x", "00"));
        const string siteFile = "{\"format\":\"nfbond-site/1\",\"site\":\"shop\",\"links\":[{\"name\":\"fiber\",\"type\":\"fiber\",\"provider\":\"Glasfaser Nord\",\"role\":\"primary\"},{\"name\":\"lte\",\"type\":\"lte\",\"provider\":\"O2\",\"role\":\"backup\",\"capMb\":5000}]}";
        store.AddConfig(site, siteFile, "h1", "installed", 1);
        long approved = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        store.AddPlanVersion(site, "{\"owner\":\"A\",\"approver\":\"B\"}", "tech", approved - 1000);
        Assert.True(store.ApprovePlan(site, 1, "B", approved, 1));
        Assert.False(store.ApprovePlan(site, 1, "B", approved, 1));

        // A fiber cut of 90 minutes with a failover, and a drill whose switch took 2150 ms.
        long cut = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds();
        string[] events =
        [
            $"{{\"seq\":1,\"ts\":{cut - 60_000},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\",\"cause\":\"probe\"}}",
            $"{{\"seq\":2,\"ts\":{cut},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\",\"cause\":\"probe timeout\"}}",
            $"{{\"seq\":3,\"ts\":{cut + 1000},\"kind\":\"failover\",\"from\":\"fiber\",\"to\":\"lte\"}}",
            $"{{\"seq\":4,\"ts\":{cut + 5_400_000},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\",\"cause\":\"probe\"}}",
            $"{{\"seq\":5,\"ts\":{cut + 86_400_000},\"kind\":\"drill_result\",\"link\":\"fiber\",\"ok\":true,\"restore_ms\":2150,\"detail\":\"traffic moved to lte 1000\"}}",
        ];
        store.WriteBatch([.. events.Select((e, i) => new IngestMessage(site, "shop-ctl", "events", i + 1, JsonDocument.Parse(e).RootElement.GetProperty("ts").GetInt64(),
            JsonDocument.Parse(e).RootElement.GetProperty("kind").GetString()!, e, cut))]);

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        EmergencyPlan plan = EmergencyPlan.Build(store, site, new Alerts.AlertOptions(), now);
        Assert.Empty(plan.Review.Reasons(PlanTexts.English));
        Assert.Equal(approved + PlanReview.ValidMs, plan.Review.NextReview);
        PlanDrillRun drill = Assert.Single(plan.DrillRuns);
        Assert.Equal((true, 2150L), (drill.Ok, drill.SwitchMs));
        string html = WebUtility.HtmlDecode(PlanDocument.Html(plan, PlanTexts.English));
        Assert.Contains("the last drill measured a switch time of 2.2 s", html, StringComparison.Ordinal);
        Assert.Contains("<td>2150 ms</td><td>yes</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>fiber</td><td>1 h 30 min</td><td>probe timeout</td>", html, StringComparison.Ordinal);
        Assert.Contains("├─ fiber (fiber) ── Glasfaser Nord ── Internet", html, StringComparison.Ordinal);
        Assert.Contains("<td>failover</td>", html, StringComparison.Ordinal);

        Assert.Equal(["Approved on " + PlanTexts.English.Date(approved, "Europe/Berlin") + ", more than 12 months ago."],
            EmergencyPlan.Build(store, site, new Alerts.AlertOptions(), approved + PlanReview.ValidMs + 1).Review.Reasons(PlanTexts.English));
        store.AddConfig(site, siteFile.Replace("5000", "8000", StringComparison.Ordinal), "h2", "bigger cap", now);
        EmergencyPlan changed = EmergencyPlan.Build(store, site, new Alerts.AlertOptions(), now);
        Assert.Equal(["Die Standortkonfiguration hat sich seit der Freigabe geändert (Version 1, jetzt 2)."], changed.Review.Reasons(PlanTexts.German));
        Assert.Contains("Überprüfung fällig", PlanDocument.Html(changed, PlanTexts.German), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_text_of_the_plan_has_a_German_translation()
    {
        ResourceManager german = new("NfBond.Aggregator.Plans.PlanTexts", typeof(PlanTexts).Assembly);
        string[] sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "aggregator", "Plans"), "*.cs");
        List<string> keys = [.. sources.SelectMany(f => Regex.Matches(File.ReadAllText(f), "(?:_t|texts)(?:\\[|\\.Format\\()\\s*\"((?:[^\"\\\\]|\\\\.)*)\"|(?:Missing|Section|FormatHtml)\\(\"((?:[^\"\\\\]|\\\\.)*)\"")
            .Select(m => (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Replace("\\\"", "\"", StringComparison.Ordinal)))];
        Assert.True(keys.Count > 150, $"only {keys.Count} texts found: the pattern no longer matches the code");
        List<string> untranslated = [.. keys.Where(k => german.GetString(k, System.Globalization.CultureInfo.GetCultureInfo("de-DE")) == null)];
        Assert.Empty(untranslated);
    }
}
