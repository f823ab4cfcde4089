using System.Net.Http.Json;
using System.Text.Json;
using NfBond.Cli.Demo;
using NfBond.Firmware.Runtime;

namespace NfBond.Aggregator.Tests;

/// <summary>Scheduled drills end to end: the aggregator's schedule, a simulated workshop controller over MQTT, the measured result stored.</summary>
public class DrillTests
{
    [Fact]
    public async Task A_scheduled_drill_runs_once_per_slot_inside_its_own_maintenance_window_and_its_switch_time_is_stored()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-drills");
        EventLoop loop = new(new SystemClock());
        DemoFleet fleet = new(loop, aggregator.Host);
        fleet.Start();
        Thread thread = new(loop.Run) { IsBackground = true };
        thread.Start();
        try
        {
            await Eventually.HoldsAsync(() => aggregator.Host.Store.Latest("werkstatt-schmidt-ctl", "state") is JsonElement s && s.GetRawText().Contains("\"name\":\"starlink\",\"type\":\"starlink\",\"role\":\"active\",\"modem\":\"\",\"state\":\"up\"", StringComparison.Ordinal));

            HttpResponseMessage bad = await aggregator.Http.PostAsJsonAsync($"/api/sites/{DemoFleet.Workshop}/drills", new { device = "werkstatt-schmidt-ctl", link = "cable", seconds = 3, cron = "every tuesday" });
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("does not read", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Every 20 s (site time): within a minute it runs at least once and at most three times.
            HttpResponseMessage added = await aggregator.Http.PostAsJsonAsync($"/api/sites/{DemoFleet.Workshop}/drills", new { device = "werkstatt-schmidt-ctl", link = "cable", seconds = 3, cron = "*/20 * * * * *", time_zone = "Europe/Berlin" });
            Assert.Equal(System.Net.HttpStatusCode.OK, added.StatusCode);
            List<JsonElement> Results() => [.. aggregator.Host.Store.Events("werkstatt-schmidt-ctl", 0, 10_000).Where(e => e.GetProperty("kind").GetString() == "drill_result")];
            await Eventually.HoldsAsync(() => Results().Count >= 1, 40_000);

            JsonElement result = Assert.Single(Results().Take(1));
            Assert.True(result.GetProperty("ok").GetBoolean(), result.GetRawText());
            Assert.Equal("cable", result.GetProperty("link").GetString());
            Assert.InRange(result.GetProperty("restore_ms").GetInt64(), 0, 5000);
            Assert.Contains("starlink", result.GetProperty("detail").GetString(), StringComparison.Ordinal);
            (long from, long to, string note) = Assert.Single(aggregator.Host.Store.Maintenance(DemoFleet.Workshop).Take(1));
            Assert.Contains("scheduled drill", note, StringComparison.Ordinal);
            Assert.True(result.GetProperty("ts").GetInt64() >= from && result.GetProperty("ts").GetInt64() < to, "the drill ran outside its maintenance window");

            // The measured switch time reaches the emergency plan's drill log and the site's report.
            long measured = result.GetProperty("restore_ms").GetInt64();
            using JsonDocument plan = JsonDocument.Parse(await aggregator.Http.GetStringAsync($"/api/sites/{DemoFleet.Workshop}/plan?format=json"));
            JsonElement logged = plan.RootElement.GetProperty("drill_log").EnumerateArray().Single(r => r.GetProperty("ts").GetString() == NfBond.Aggregator.Reports.ReportFormats.Time(result.GetProperty("ts").GetInt64()));
            Assert.Equal((true, measured, "cable"), (logged.GetProperty("ok").GetBoolean(), logged.GetProperty("switch_ms").GetInt64(), logged.GetProperty("link").GetString()));
            Assert.Contains($"<td>{measured} ms</td><td>ja</td>", await aggregator.Http.GetStringAsync($"/api/sites/{DemoFleet.Workshop}/plan?lang=de"), StringComparison.Ordinal);
            string period = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("o"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("o"))}";
            using JsonDocument report = JsonDocument.Parse(await aggregator.Http.GetStringAsync($"/api/sites/{DemoFleet.Workshop}/report?{period}"));
            Assert.Contains(report.RootElement.GetProperty("drills").EnumerateArray(), d => d.GetProperty("switch_ms").GetInt64() == measured && d.GetProperty("ok").GetBoolean());

            // Removing the schedule keeps its runs in the drill log.
            long id = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await aggregator.Http.DeleteAsync($"/api/sites/{DemoFleet.Workshop}/drills/{id}")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await aggregator.Http.DeleteAsync($"/api/sites/{DemoFleet.Workshop}/drills/{id}")).StatusCode);
            Assert.DoesNotContain(aggregator.Host.Store.Drills(), d => d.Id == id);
            Assert.Contains("\"drill_log\"", await aggregator.Http.GetStringAsync($"/api/sites/{DemoFleet.Workshop}/plan?format=json"), StringComparison.Ordinal);
        }
        finally
        {
            loop.Post(_ =>
            {
                fleet.Stop();
                loop.Stop();
            }, null);
            thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}

/// <summary>The alert side of drills, on the engine and a real store.</summary>
public class DrillAlertTests
{
    [Fact]
    public void A_failed_drill_alerts_even_inside_the_maintenance_window_the_drill_opened()
    {
        using NfBond.Aggregator.Storage.IFleetStore store = NfBond.Aggregator.Storage.FleetStores.Open(new AggregatorOptions { DataDirectory = Directory.CreateTempSubdirectory("nfbond-drill-alert").FullName });
        store.AddChannel(new NfBond.Aggregator.Alerts.AlertChannel(0, "", "webhook", "http://127.0.0.1:9/", "k", false));
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        store.AddMaintenance("shop", now - 1000, now + 60_000, "scheduled drill 1");
        NfBond.Aggregator.Alerts.AlertEngine engine = new(store, new NfBond.Aggregator.Alerts.AlertOptions());

        engine.OnStored(new NfBond.Aggregator.Ingest.IngestMessage("shop", "shop-ctl", "events", 1, now, "drill_result",
            "{\"seq\":1,\"ts\":" + now + ",\"kind\":\"drill_result\",\"link\":\"fiber\",\"ok\":false,\"restore_ms\":-1,\"detail\":\"no other link could carry the traffic\"}", now));
        engine.OnStored(new NfBond.Aggregator.Ingest.IngestMessage("shop", "shop-ctl", "events", 2, now, "data_cap",
            "{\"seq\":2,\"ts\":" + now + ",\"kind\":\"data_cap\",\"link\":\"lte\",\"used_bytes\":1,\"cap_bytes\":1,\"threshold_permille\":1000}", now));
        engine.Tick();

        NfBond.Aggregator.Alerts.OutboxItem alert = Assert.Single(store.Outbox());
        Assert.Contains("drill failed", alert.Subject, StringComparison.Ordinal);
    }
}
