using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Tests;

/// <summary>The aggregator with its defaults (embedded broker, SQLite) and a simulated controller reporting to it.</summary>
public class EmbeddedAggregatorTests : IAsyncLifetime
{
    private RunningAggregator _aggregator = null!;
    private AggregatorHost _host = null!;
    private AggregatorOptions _options = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _aggregator = await RunningAggregator.StartAsync("nfbond-agg");
        (_host, _options, _http) = (_aggregator.Host, _aggregator.Options, _aggregator.Http);
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();


    private async Task<JsonElement> Get(string path) => await _http.GetFromJsonAsync<JsonElement>(path);

    [Fact]
    public async Task A_provisioned_controller_reports_and_the_api_shows_it_and_commands_reach_it()
    {
        (string password, string secret) = _host.Registry.Add("bakery", "dev1");
        using DeviceUnderTest device = new(_options.MqttPort, "dev1", "dev1", password, Convert.FromHexString(secret), siteId: "bakery");

        JsonElement controllers = await Eventually.ValueAsync(() => Get("/api/controllers"), c => c.GetArrayLength() == 1 && c[0].GetProperty("status").ValueKind == JsonValueKind.String);
        Assert.Equal("online", controllers[0].GetProperty("status").GetString());
        Assert.Equal("bakery", (await Get("/api/sites"))[0].GetProperty("site").GetString());
        JsonElement events = await Eventually.ValueAsync(() => Get("/api/controllers/dev1/events"), e => e.GetArrayLength() >= 2);
        Assert.Equal(1, events[0].GetProperty("seq").GetInt64());
        Assert.Equal(2, (await Eventually.ValueAsync(() => Get("/api/controllers/dev1/state"), s => s.TryGetProperty("links", out _))).GetProperty("links").GetArrayLength());
        Assert.Equal(["fiber", "dsl"], (await Get("/api/controllers/dev1/links")).EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Array, (await Get("/api/controllers/dev1/modems")).ValueKind);

        HttpResponseMessage accepted = await _http.PostAsJsonAsync("/api/controllers/dev1/commands", new { cmd = "run_drill", args = new { link = "fiber", seconds = 2 } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        JsonElement drill = await Eventually.ValueAsync(() => Get("/api/controllers/dev1/events"), e => e.EnumerateArray().Any(x => x.GetProperty("kind").GetString() == "drill_result"));
        Assert.True(drill.EnumerateArray().First(x => x.GetProperty("kind").GetString() == "drill_result").GetProperty("ok").GetBoolean());

        // The drill took the fiber down for 2 s: an outage of that link (not of the site: DSL carried), in the site's view too.
        JsonElement outages = await Eventually.ValueAsync(() => Get("/api/sites/bakery/outages"), o => o.EnumerateArray().Any(x => x.GetProperty("scope").GetString() == "fiber" && x.GetProperty("endMs").GetInt64() > 0));
        Assert.DoesNotContain(outages.EnumerateArray(), x => x.GetProperty("scope").GetString() == "*");
        Assert.Equal((await Get("/api/controllers/dev1/outages")).GetRawText(), (await Get("/api/sites/bakery/outages")).GetRawText());
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        JsonElement availability = await Get($"/api/sites/bakery/availability?from={now - 60_000}&to={now}");
        Assert.Equal(1.0, availability.GetProperty("site").GetDouble());
        Assert.InRange(availability.GetProperty("fiber").GetDouble(), 0.9, 0.99);

        using HttpClient anonymous = new() { BaseAddress = _http.BaseAddress };
        HttpResponseMessage refused = await anonymous.GetAsync("/api/controllers");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        string metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Contains("nfbond_ingest_messages_total{kind=\"events\"}", metrics);
    }

    [Fact]
    public async Task The_api_is_described_by_openapi_and_refuses_requests_without_a_listed_token()
    {
        using HttpClient anonymous = new() { BaseAddress = _http.BaseAddress };
        JsonElement document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        string[] paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        foreach (string path in new[] { "/api/sites", "/api/controllers", "/api/controllers/{device}/links", "/api/controllers/{device}/modems", "/api/controllers/{device}/events", "/api/controllers/{device}/outages",
            "/api/controllers/{device}/availability", "/api/controllers/{device}/commands", "/api/sites/{site}/config", "/api/sites/{site}/outages", "/api/sites/{site}/availability", "/api/sites/{site}/config/diff", "/api/sites/{site}/config/rollback" })
        {
            Assert.Contains(path, paths);
        }

        HttpResponseMessage refused = await anonymous.GetAsync("/api/sites");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("api-token", await refused.Content.ReadAsStringAsync());

        // A second integrator's token is a second line; deleting the line withdraws it.
        string tokens = Path.Combine(_options.DataDirectory, "api-token");
        File.AppendAllText(tokens, "# integrator B\nb-token-0123456789\n");
        File.SetLastWriteTimeUtc(tokens, DateTime.UtcNow.AddSeconds(1));
        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "b-token-0123456789");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/sites")).StatusCode);
        File.WriteAllText(tokens, _host.ApiToken + "\n");
        File.SetLastWriteTimeUtc(tokens, DateTime.UtcNow.AddSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task Bad_credentials_foreign_topics_junk_and_duplicates_are_refused_and_counted()
    {
        _host.Registry.Add("s1", "dev1");
        (string other, _) = _host.Registry.Add("s1", "dev2");
        MqttClientFactory factory = new();

        using MQTTnet.IMqttClient wrong = factory.CreateMqttClient();
        MqttClientConnectResult denied = await wrong.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _options.MqttPort).WithClientId("dev1").WithCredentials("dev1", "guess").Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, denied.ResultCode);

        using MQTTnet.IMqttClient dev2 = factory.CreateMqttClient();
        await dev2.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _options.MqttPort).WithClientId("dev2").WithCredentials("dev2", other).Build());
        Task<MqttClientPublishResult> Publish(MQTTnet.IMqttClient c, string topic, string payload) =>
            c.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await Publish(dev2, "nfbond/v1/s1/dev1/events", "{\"seq\":1,\"ts\":1,\"kind\":\"failover\"}")).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await Publish(dev2, "nfbond/v1/s1/dev2/events", "{not json")).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await Publish(dev2, "nfbond/v1/s1/dev2/events", "{\"ts\":1,\"kind\":\"failover\"}")).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await Publish(dev2, "nfbond/v1/s1/dev2/events", "{\"seq\":9,\"kind\":\"x\",\"pad\":\"" + new string('x', 17_000) + "\"}")).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await Publish(dev2, "nfbond/v1/s1/dev2/whatever", "{}")).ReasonCode);
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await Publish(dev2, "nfbond/v1/s1/dev2/events", $"{{\"seq\":1,\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"kind\":\"failover\"}}")).IsSuccess);
        }

        MqttClientSubscribeResult sub = await dev2.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter("nfbond/v1/s1/dev1/cmd").Build());
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, sub.Items.Single().ResultCode);

        await Eventually.ValueAsync(() => Task.FromResult(_host.Ingest.Rejected(RejectReason.Duplicate)), n => n == 2);
        Assert.Equal(1, _host.Store.EventCount());
        Assert.Equal(2, _host.Ingest.Rejected(RejectReason.Duplicate));
        Assert.Equal(1, _host.Ingest.Rejected(RejectReason.Unauthorised));
        Assert.Equal(1, _host.Ingest.Rejected(RejectReason.Malformed));
        Assert.Equal(1, _host.Ingest.Rejected(RejectReason.MissingField));
        Assert.Equal(1, _host.Ingest.Rejected(RejectReason.Oversized));
        Assert.Equal(1, _host.Ingest.Rejected(RejectReason.BadTopic));
    }
}
