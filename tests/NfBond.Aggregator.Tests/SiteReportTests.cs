using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Reports;

namespace NfBond.Aggregator.Tests;

/// <summary>Site reports: downtime avoided valued inside the profile's business hours in the site's time zone.</summary>
public class SiteReportTests
{
    [Fact]
    public void Business_hours_count_in_local_time_across_a_daylight_saving_change()
    {
        // Berlin switches to summer time in the night to Sunday 29 March 2026. 20:00 UTC on the 28th is
        // 21:00 local (2 h until the restaurant closes at 23:00); 12:00 UTC on the 29th is 14:00 local (3 h since 11:00).
        BusinessProfile restaurant = BusinessProfile.Presets["restaurant"];
        long from = DateTimeOffset.Parse("2026-03-28T20:00:00Z").ToUnixTimeMilliseconds(), to = DateTimeOffset.Parse("2026-03-29T12:00:00Z").ToUnixTimeMilliseconds();

        Assert.Equal(5 * 3_600_000L, restaurant.BusinessMs([new Interval(from, to)]));
        Assert.Equal(0, BusinessProfile.Presets["medical-practice"].BusinessMs([new Interval(from, to)]));
    }

    [Fact]
    public async Task A_practices_report_values_two_hours_on_backup_in_consulting_hours_and_names_a_bad_profile()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-site-report");
        (string password, _) = aggregator.Host.Registry.Add("praxis", "praxis-ctl");
        HttpResponseMessage bad = await aggregator.Http.PutAsync("/api/sites/praxis/profile", new StringContent("{\"preset\":\"bakery\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("medical-practice", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await aggregator.Http.PutAsync("/api/sites/praxis/profile", new StringContent("{\"preset\":\"medical-practice\"}", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        // The last weekday at 09:00 in Berlin at least a day ago: the fiber is down for two hours, LTE carries.
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        DateTime day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, berlin).Date.AddDays(-1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(-1);
        }

        DateTimeOffset nine = new(day.AddHours(9), berlin.GetUtcOffset(day.AddHours(9)));
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", aggregator.Options.MqttPort).WithClientId("praxis-ctl").WithCredentials("praxis-ctl", password).Build());
        int seq = 0;
        foreach ((DateTimeOffset at, string link, string state) in new[] { (nine.AddHours(-1), "dsl", "up"), (nine.AddHours(-1), "lte", "up"), (nine, "dsl", "down"), (nine.AddHours(2), "dsl", "up") })
        {
            string body = $"{{\"seq\":{++seq},\"ts\":{at.ToUnixTimeMilliseconds()},\"kind\":\"link_state\",\"link\":\"{link}\",\"state\":\"{state}\",\"cause\":\"test\"}}";
            await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("nfbond/v1/praxis/praxis-ctl/events").WithPayload(body).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await Eventually.HoldsAsync(() => aggregator.Host.Store.EventCount() == 4);
        string from = Uri.EscapeDataString(nine.AddHours(-1).ToString("o")), to = Uri.EscapeDataString(nine.AddHours(3).ToString("o"));
        using JsonDocument report = JsonDocument.Parse(await aggregator.Http.GetStringAsync($"/api/sites/praxis/report?from={from}&to={to}"));
        JsonElement r = report.RootElement;
        Assert.Equal(0.5, r.GetProperty("availability").GetProperty("dsl").GetDouble(), 9);
        Assert.Equal(1.0, r.GetProperty("availability").GetProperty("site").GetDouble(), 9);
        Assert.Equal(7_200_000, r.GetProperty("downtime_avoided_ms").GetInt64());
        Assert.Equal("medical-practice", r.GetProperty("profile").GetString());
        Assert.Equal(525.00m, r.GetProperty("cost_avoided_eur").GetDecimal());

        HttpResponseMessage local = await aggregator.Http.GetAsync($"/api/sites/praxis/report?from=2026-03-01T08:00:00&to={to}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, local.StatusCode);
        Assert.Contains("?from '2026-03-01T08:00:00' is not an ISO 8601 time with offset", await local.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpResponseMessage csv = await aggregator.Http.GetAsync($"/api/sites/praxis/report?from={from}&to={to}&format=csv");
        Assert.Contains("outage,dsl,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
