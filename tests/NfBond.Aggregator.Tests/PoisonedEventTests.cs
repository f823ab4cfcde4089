using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// Regressions for the hostile-client probe's F3 (one event with a wrong-typed member broke a site's
/// outages and availability for ever) and F5 (extreme periods and timestamps overflowed), against the
/// running aggregator: a device publishes the poisoned events itself.
/// </summary>
public class PoisonedEventTests
{
    private static readonly string[] s_poison =
    [
        "{\"seq\":2,\"ts\":NOW,\"kind\":\"link_state\",\"link\":5,\"state\":\"down\"}",
        "{\"seq\":3,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
        "{\"seq\":4,\"ts\":\"yesterday\",\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
        "{\"seq\":5,\"ts\":253402300799999,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
        "{\"seq\":6,\"ts\":-1000000000000000,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\"}",
        "{\"seq\":7,\"ts\":9223372036854775807,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
        "{\"seq\":8,\"seq\":9,\"ts\":NOW,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
    ];

    [Fact]
    public async Task F3_F5_poisoned_events_are_refused_and_outages_and_availability_keep_answering()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-f3");
        (string password, _) = aggregator.Host.Registry.Add("siteP", "ctl-p");
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", aggregator.Options.MqttPort).WithClientId("ctl-p").WithCredentials("ctl-p", password).Build());
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        async Task<MqttClientPublishResult> Publish(string json) => await device.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("nfbond/v1/siteP/ctl-p/events").WithPayload(Encoding.UTF8.GetBytes(json.Replace("NOW", now.ToString()))).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.True((await Publish("{\"seq\":1,\"ts\":NOW,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\",\"cause\":\"cut\"}")).IsSuccess);
        foreach (string poison in s_poison)
        {
            MqttClientPublishResult refused = await Publish(poison);
            Assert.True(refused.ReasonCode == MqttClientPublishReasonCode.PayloadFormatInvalid, $"{poison}: {refused.ReasonCode}");
        }

        Assert.True((await Publish("{\"seq\":10,\"ts\":NOW,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\"}")).IsSuccess);
        await Eventually.HoldsAsync(() => aggregator.Host.Store.Events("ctl-p", 0, 100).Count() == 2);

        HttpResponseMessage outages = await aggregator.Http.GetAsync("/api/controllers/ctl-p/outages");
        Assert.Equal(HttpStatusCode.OK, outages.StatusCode);
        Assert.Equal("fiber", (await outages.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.OK, (await aggregator.Http.GetAsync($"/api/controllers/ctl-p/availability?from={now - 60_000}&to={now + 60_000}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await aggregator.Http.GetAsync("/api/sites/siteP/outages")).StatusCode);
    }

    [Fact]
    public async Task F3_events_stored_before_intake_checked_types_are_skipped_by_every_read_path()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-f3-stored");
        aggregator.Host.Registry.Add("siteQ", "ctl-q");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string[] stored =
        [
            $"{{\"seq\":1,\"ts\":{now},\"kind\":\"link_state\",\"link\":5,\"state\":\"down\"}}",
            "{\"seq\":2,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
            "{\"seq\":3,\"ts\":\"yesterday\",\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}",
            $"{{\"seq\":4,\"ts\":{now},\"kind\":7}}",
            $"{{\"seq\":5,\"ts\":{now},\"kind\":\"link_state\",\"link\":\"dsl\",\"state\":\"down\",\"cause\":[1]}}",
            $"{{\"seq\":6,\"ts\":{now},\"kind\":\"x\",\"c\":\"\\ud800\"}}",
        ];
        aggregator.Host.Store.WriteBatch(stored.Select((body, i) => new IngestMessage("siteQ", "ctl-q", "events", i + 1, now, "link_state", body, now)).ToList());

        foreach (string path in new[] { "/api/controllers/ctl-q/outages", $"/api/controllers/ctl-q/availability?from={now - 1000}&to={now + 1000}", "/api/sites/siteQ/outages", $"/api/sites/siteQ/availability?from={now - 1000}&to={now + 1000}", "/api/controllers/ctl-q/events?after=0" })
        {
            HttpResponseMessage answer = await aggregator.Http.GetAsync(path);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }

        // F4: the row whose string is a lone surrogate is listed as unreadable, keeping its place.
        JsonElement events = await aggregator.Http.GetFromJsonAsync<JsonElement>("/api/controllers/ctl-q/events?after=0");
        JsonElement unreadable = events.EnumerateArray().Single(e => e.GetProperty("kind").ValueKind == JsonValueKind.String && e.GetProperty("kind").GetString() == "unreadable");
        Assert.Equal(6, unreadable.GetProperty("seq").GetInt64());
        Assert.Equal("a string at $.c is not text (a lone surrogate escape, stored before intake refused them)", unreadable.GetProperty("error").GetString());
        Assert.Equal(6, events.GetArrayLength());

        JsonElement outages = await aggregator.Http.GetFromJsonAsync<JsonElement>("/api/controllers/ctl-q/outages");
        Assert.Equal("dsl", outages[0].GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData(long.MinValue, long.MaxValue)]
    [InlineData(-1, 1000)]
    [InlineData(0, 253402300800000)]
    [InlineData(1000, 1000)]
    public async Task F5_periods_outside_a_calendar_are_refused_as_problem_details(long from, long to)
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-f5");
        aggregator.Host.Registry.Add("siteR", "ctl-r");
        foreach (string path in new[] { $"/api/controllers/ctl-r/availability?from={from}&to={to}", $"/api/sites/siteR/availability?from={from}&to={to}" })
        {
            HttpResponseMessage answer = await aggregator.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
            JsonElement problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.Contains($"{to}", problem.GetProperty("detail").GetString());
        }
    }
}
