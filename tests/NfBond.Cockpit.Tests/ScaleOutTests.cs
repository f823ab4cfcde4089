using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator;
using NfBond.Aggregator.Accounts;
using NfBond.Lab.Servers;

namespace NfBond.Cockpit.Tests;

/// <summary>
/// Several aggregator instances over one PostgreSQL: any instance serves any page of a session, a log-out
/// on one ends it on all, and a page learns of a message whichever instance stored it. Instance A runs its
/// own embedded broker; only B consumes the real mosquitto the controller publishes to.
/// </summary>
[Collection("cockpit")]
public sealed class ScaleOutTests
{
    private readonly CockpitFixture _f;

    public ScaleOutTests(CockpitFixture fixture) => _f = fixture;

    [Fact]
    public async Task A_session_from_one_instance_works_on_another_and_a_message_stored_by_b_updates_a_page_served_by_a()
    {
        using PostgresServer postgres = new();
        string database = postgres.CreateDatabase("cockpit");
        using MosquittoServer broker = new("shop-ctl");
        await using AggregatorHost a = new(new AggregatorOptions
        {
            Storage = "postgres", PostgresConnectionString = database, HttpPort = LocalPorts.Free(), MqttPort = LocalPorts.Free(),
            DataDirectory = Directory.CreateTempSubdirectory("nfbond-cockpit-a").FullName,
        }, TextWriter.Null);
        await using AggregatorHost b = new(new AggregatorOptions
        {
            Storage = "postgres", PostgresConnectionString = database, HttpPort = LocalPorts.Free(), Broker = broker.AggregatorUrl, InstanceId = "cockpit-b",
            DataDirectory = Directory.CreateTempSubdirectory("nfbond-cockpit-b").FullName,
        }, TextWriter.Null);
        await a.StartAsync();
        await b.StartAsync();
        a.Registry.Add("shop", "shop-ctl");
        a.Accounts.Save("tech", CockpitRole.Technician, "", CockpitFixture.TechnicianPassword);
        using IMqttClient device = await ConnectAsync(broker);
        await PublishAsync(device, "status", "{\"ts\":" + Now() + ",\"state\":\"online\"}");
        await PublishAsync(device, "state", State(up: true));
        await Eventually.HoldsAsync(() => b.Ingest.Stored >= 2, 15000, "instance B to store the controller's first messages");

        IBrowserContext context = await _f.Browser.NewContextAsync();
        IPage onA = await context.NewPageAsync();
        await onA.GotoAsync(a.BaseUrl + "/login");
        await onA.GetByTestId("name").FillAsync("tech");
        await onA.GetByTestId("password").FillAsync(CockpitFixture.TechnicianPassword);
        await onA.GetByTestId("login").ClickAsync();
        await onA.WaitForURLAsync(a.BaseUrl + "/");
        await Assertions.Expect(onA.Locator("tr[data-site='shop']")).ToHaveAttributeAsync("data-status", "online");

        // The same cookie on instance B: its session and Data Protection keys come from the shared database.
        IPage onB = await context.NewPageAsync();
        IResponse? site = await onB.GotoAsync(b.BaseUrl + "/sites/shop");
        Assert.Equal(200, site!.Status);
        Assert.Contains("tech", await onB.GetByTestId("who").InnerTextAsync(), StringComparison.Ordinal);

        // Only B consumes mosquitto, so B stores this; the page served by A turns it red.
        long storedByA = a.Ingest.Stored;
        await PublishAsync(device, "state", State(up: false));
        await Assertions.Expect(onA.Locator("tr[data-site='shop']")).ToHaveAttributeAsync("data-status", "down", new LocatorAssertionsToHaveAttributeOptions { Timeout = 5000 });
        Assert.Equal(storedByA, a.Ingest.Stored);

        // Logging out on B ends the session on A too.
        await onB.GetByTestId("logout").ClickAsync();
        await onB.WaitForURLAsync(b.BaseUrl + "/logout");
        await onA.ReloadAsync();
        Assert.StartsWith(a.BaseUrl + "/login", onA.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string State(bool up) => "{\"ts\":" + Now() + ",\"next_seq\":1,\"links\":[{\"name\":\"fiber\",\"type\":\"fiber\",\"role\":\"primary\",\"modem\":\"\",\"state\":\"" + (up ? "up" : "down")
        + "\",\"usable\":" + (up ? "true" : "false") + ",\"weight\":1000,\"loss_permille\":0,\"latency_us\":9000,\"jitter_us\":500,\"used_bytes\":0,\"cap_bytes\":0}],\"plan\":{\"version\":1,\"reason\":\"test\"},\"modems\":[]}";

    private static async Task<IMqttClient> ConnectAsync(MosquittoServer broker)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port).WithClientId("shop-ctl").WithCredentials("shop-ctl", MosquittoServer.Password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task PublishAsync(IMqttClient client, string kind, string payload)
    {
        MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("nfbond/v1/shop/shop-ctl/" + kind)
            .WithPayload(Encoding.UTF8.GetBytes(payload)).WithRetainFlag(kind != "events").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(result.IsSuccess, $"{kind}: {result.ReasonCode} {result.ReasonString}");
    }
}
