using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// The alert rules per tenant and site, and the poor-signal rule, under virtual time: the engine on a real
/// SQLite store, its clock a fake one, so ten minutes of poor signal take no wall time.
/// </summary>
public sealed class AlertRuleTests : IAsyncDisposable
{
    private readonly SqliteFleetStore _store;
    private readonly IngestPipeline _ingest;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly AlertEngine _engine;
    private long _seq;

    public AlertRuleTests()
    {
        _store = new SqliteFleetStore(Path.Combine(Directory.CreateTempSubdirectory("nfbond-rules").FullName, "fleet.db"));
        _ingest = new IngestPipeline(_store);
        _engine = new AlertEngine(_store, new AlertOptions { LinkDownSeconds = 60, FlapSeconds = 300, RenotifySeconds = 0, EscalateSeconds = 900 }, _time);
        _store.AddChannel(new AlertChannel(0, "", "webhook", "http://127.0.0.1:9/hook", "k", false));
        DeviceRegistry devices = new(_store);
        devices.Add("shop", "shop-ctl");
        devices.Add("clinic", "clinic-ctl");
        _store.SetSiteTenant("shop", "trattoria");
        _store.SetSiteTenant("clinic", "praxis");
    }

    [Fact]
    public async Task A_signal_poor_for_ten_minutes_is_one_alert_and_a_short_dip_none()
    {
        // A dip under the threshold for 4 minutes: nothing.
        await StateAsync("shop", rsrp: -118, sinr: 40, linkUp: true);
        await RunAsync(TimeSpan.FromMinutes(4), "shop", -118, 40, true);
        await StateAsync("shop", rsrp: -95, sinr: 120, linkUp: true);
        await RunAsync(TimeSpan.FromMinutes(6), "shop", -95, 120, true);
        Assert.Empty(Alerts());

        // Poor SINR with a fine RSRP (interference) for 10 minutes: one alert naming the link and both figures.
        await RunAsync(TimeSpan.FromMinutes(9), "shop", -92, -35, true);
        Assert.Empty(Alerts());
        await RunAsync(TimeSpan.FromMinutes(2), "shop", -92, -35, true);
        JsonElement alert = Assert.Single(Alerts());
        Assert.Equal("poor_signal", alert.GetProperty("rule").GetString());
        Assert.Equal("lte", alert.GetProperty("scope").GetString());
        Assert.Equal("lte: RSRP -92 dBm, SINR -3.5 dB (poor below -110 dBm or 0 dB)", alert.GetProperty("detail").GetString());

        // Good again: the all-clear after the flap time, nothing more.
        await RunAsync(TimeSpan.FromMinutes(6), "shop", -90, 100, true);
        Assert.Equal(["open", "resolved"], Alerts().Select(a => a.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_link_that_is_down_raises_its_link_alert_not_a_poor_signal_one()
    {
        await RunAsync(TimeSpan.FromMinutes(12), "shop", -121, -60, false);
        JsonElement alert = Assert.Single(Alerts());
        Assert.Equal("link_down", alert.GetProperty("rule").GetString());
        Assert.Contains(_store.Incidents(true, 0), i => i.Rule == AlertRules.PoorSignal && i.Notified == 0);
    }

    [Fact]
    public async Task A_site_rule_overrides_its_tenant_and_a_tenant_rule_applies_to_its_sites_only()
    {
        _engine.Rules.SetTenant("trattoria", new AlertRuleSet(PoorSignalMinutes: 30, PoorRsrpDbm: -105, Off: [AlertRules.VrrpMaster]));
        _engine.Rules.SetSite("shop", new AlertRuleSet(PoorSignalMinutes: 3));
        SiteAlertRules shop = _engine.Rules.For("shop");
        Assert.Equal((60, 300, 3, -105, 0), (shop.LinkDownSeconds, shop.FlapSeconds, shop.PoorSignalMinutes, shop.PoorRsrpDbm, shop.PoorSinrDb));
        Assert.Equal([AlertRules.VrrpMaster], shop.Off);
        Assert.Equal(10, _engine.Rules.For("clinic").PoorSignalMinutes);

        // -107 dBm is poor by the tenant's threshold (-105), not by the default (-110); the site alerts after its 3 minutes.
        await RunAsync(TimeSpan.FromMinutes(4), "shop", -107, 50, true);
        await RunAsync(TimeSpan.FromMinutes(4), "clinic", -107, 50, true);
        Assert.Equal(["shop"], Alerts().Select(a => a.GetProperty("site").GetString()));

        // The tenant switched VRRP master changes off; the other tenant's site still reports them.
        await EventAsync("shop", "{\"kind\":\"vrrp_role\",\"from\":\"backup\",\"to\":\"master\",\"cause\":\"peer silent\"}");
        await EventAsync("clinic", "{\"kind\":\"vrrp_role\",\"from\":\"backup\",\"to\":\"master\",\"cause\":\"peer silent\"}");
        Tick();
        Assert.Equal(["clinic"], Alerts().Where(a => a.GetProperty("rule").GetString() == "vrrp_master").Select(a => a.GetProperty("site").GetString()));

        // Removing the site's change lets the tenant's 30 minutes show through.
        _engine.Rules.SetSite("shop", null);
        Assert.Equal(30, _engine.Rules.For("shop").PoorSignalMinutes);
    }

    [Theory]
    [InlineData("{\"link_down_seconds\": -5}", "link_down_seconds -5: 0 to 86400")]
    [InlineData("{\"poor_rsrp_dbm\": 10}", "poor_rsrp_dbm 10: -140 to -44")]
    [InlineData("{\"off\": [\"site_dwon\"]}", "off: 'site_dwon' is not a rule; one of site_down, link_down, controller_offline, failover, modem_recovery, data_cap, poor_signal, vrrp_master, drill_failed")]
    [InlineData("{\"linkdown\": 5}", "the alert rules do not read at $.linkdown: The JSON property 'linkdown' could not be mapped to any .NET member contained in type 'NfBond.Aggregator.Alerts.AlertRuleSet'.")]
    public void A_wrong_rule_set_is_refused_with_what_and_where(string json, string problem)
    {
        Assert.Null(AlertRuleSet.Read(json, out string? said));
        Assert.Equal(problem, said);
    }

    public async ValueTask DisposeAsync()
    {
        await _ingest.DisposeAsync();
        _store.Dispose();
    }

    // Reports every 30 s (like a controller) and ticks the engine, for a span of virtual time.
    private async Task RunAsync(TimeSpan span, string site, int rsrp, int sinr, bool linkUp)
    {
        for (TimeSpan gone = TimeSpan.Zero; gone < span; gone += TimeSpan.FromSeconds(30))
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await StateAsync(site, rsrp, sinr, linkUp);
            Tick();
        }
    }

    private void Tick() => _engine.Tick();

    private async Task StateAsync(string site, int rsrp, int sinr, bool linkUp)
    {
        long ts = _time.GetUtcNow().ToUnixTimeMilliseconds();
        string body = "{\"ts\":" + ts + ",\"next_seq\":1,\"links\":["
            + "{\"name\":\"fiber\",\"type\":\"fiber\",\"role\":\"primary\",\"modem\":\"\",\"state\":\"up\",\"usable\":true,\"weight\":1000},"
            + "{\"name\":\"lte\",\"type\":\"lte\",\"role\":\"backup\",\"modem\":\"modem1\",\"state\":\"" + (linkUp ? "up" : "down") + "\",\"usable\":" + (linkUp ? "true" : "false") + ",\"weight\":0}],"
            + "\"plan\":{\"version\":1,\"reason\":\"test\"},\"modems\":[{\"name\":\"modem1\",\"state\":\"data ready\",\"operator\":\"Telekom.de\",\"rsrp_dbm\":" + rsrp + ",\"sinr_tenths_db\":" + sinr + "}]}";
        await StoreAsync(new IngestMessage(site, site + "-ctl", "state", 0, ts, "", body, ts));
        if (!linkUp)
        {
            await EventAsync(site, "{\"kind\":\"link_state\",\"link\":\"lte\",\"state\":\"down\",\"cause\":\"no service\"}");
        }
    }

    private async Task EventAsync(string site, string kindAndMembers)
    {
        long ts = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long seq = ++_seq;
        string body = "{\"seq\":" + seq + ",\"ts\":" + ts + "," + kindAndMembers[1..];
        string kind = JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString()!;
        await StoreAsync(new IngestMessage(site, site + "-ctl", "events", seq, ts, kind, body, ts));
    }

    private async Task StoreAsync(IngestMessage message)
    {
        await _ingest.StoreAsync(message);
        _engine.OnStored(message);
    }

    private List<JsonElement> Alerts() => [.. _store.Outbox().Select(o => JsonDocument.Parse(o.Body).RootElement)];
}
