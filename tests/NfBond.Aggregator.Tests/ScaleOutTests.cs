using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Ingest;
using Npgsql;

namespace NfBond.Aggregator.Tests;

/// <summary>At scale: a real mosquitto shared by two aggregator instances (MQTT 5 shared subscription) over one real PostgreSQL.</summary>
public class ScaleOutTests
{
    private const int Devices = 20;
    private const int EventsPerDevice = 150;

    [Fact]
    public async Task Two_instances_on_mosquitto_and_postgres_share_the_load_and_store_every_event_exactly_once()
    {
        string[] ids = Enumerable.Range(1, Devices).Select(i => $"dev{i:D2}").Append("ghost").ToArray();
        using PostgresServer postgres = new();
        string database = postgres.CreateDatabase("scaleout");
        using MosquittoServer broker = new(ids);
        await using AggregatorHost a = new(Options("agg-a", broker, database), TextWriter.Null);
        await using AggregatorHost b = new(Options("agg-b", broker, database), TextWriter.Null);
        await a.StartAsync();
        await b.StartAsync();
        foreach (string id in ids.Where(i => i != "ghost"))
        {
            a.Registry.Add("shop", id);
        }

        // Every device sends its events at QoS 1; dev01 then sends its first 20 again, as after a lost PUBACK.
        List<IMqttClient> clients = [];
        foreach (string id in ids)
        {
            clients.Add(await Connect(broker, id));
        }

        await Task.WhenAll(clients.Take(Devices).Select(async (client, index) =>
        {
            for (int seq = 1; seq <= EventsPerDevice; seq++)
            {
                await Publish(client, $"nfbond/v1/shop/{ids[index]}/events", $"{{\"seq\":{seq},\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\"}}");
            }
        }));
        for (int seq = 1; seq <= 20; seq++)
        {
            await Publish(clients[0], "nfbond/v1/shop/dev01/events", $"{{\"seq\":{seq},\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\"}}");
        }

        // The broker's ACL lets "ghost" publish under its own ID, but the aggregators never provisioned it; junk is junk.
        await Publish(clients[Devices], "nfbond/v1/shop/ghost/events", $"{{\"seq\":1,\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"kind\":\"x\"}}");
        await Publish(clients[1], "nfbond/v1/shop/dev02/state", "{not json");

        long Count(RejectReason reason) => a.Ingest.Rejected(reason) + b.Ingest.Rejected(reason);
        await Eventually.HoldsAsync(() => a.Store.EventCount() == Devices * EventsPerDevice && Count(RejectReason.Duplicate) == 20 && Count(RejectReason.Unauthorised) == 1 && Count(RejectReason.Malformed) == 1);

        Assert.Equal(Devices * EventsPerDevice, a.Store.EventCount());
        Assert.Equal(20, Count(RejectReason.Duplicate));
        Assert.Equal(1, Count(RejectReason.Unauthorised));
        Assert.Equal(1, Count(RejectReason.Malformed));
        Assert.True(a.Ingest.Stored > Devices * EventsPerDevice / 10 && b.Ingest.Stored > Devices * EventsPerDevice / 10, $"load not shared: agg-a stored {a.Ingest.Stored}, agg-b {b.Ingest.Stored}");
        Assert.Equal(Devices * EventsPerDevice, a.Ingest.Stored + b.Ingest.Stored);
        using (NpgsqlConnection c = new(database))
        {
            c.Open();
            using NpgsqlCommand check = new("SELECT count(*) FROM (SELECT device FROM events GROUP BY device HAVING count(*) = @n AND min(seq) = 1 AND max(seq) = @n) complete", c);
            check.Parameters.AddWithValue("n", (long)EventsPerDevice);
            Assert.Equal(Devices, Convert.ToInt32(check.ExecuteScalar()));
        }

        // Either instance answers for the whole fleet, and a command sent through one reaches the device via the broker.
        using HttpClient http = RunningAggregator.ApiClient(b);
        JsonElement events = await http.GetFromJsonAsync<JsonElement>("/api/controllers/dev07/events?limit=1000");
        Assert.Equal(Enumerable.Range(1, EventsPerDevice), events.EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
        TaskCompletionSource<string> command = new(TaskCreationOptions.RunContinuationsAsynchronously);
        clients[6].ApplicationMessageReceivedAsync += e =>
        {
            command.TrySetResult(e.ApplicationMessage.Topic + " " + Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await clients[6].SubscribeAsync("nfbond/v1/shop/dev07/cmd", MqttQualityOfServiceLevel.AtLeastOnce);
        HttpResponseMessage sent = await http.PostAsJsonAsync("/api/controllers/dev07/commands", new { cmd = "resync" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, sent.StatusCode);
        string received = await command.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("nfbond/v1/shop/dev07/cmd {\"body\":", received);
        Assert.Contains("\\u0022cmd\\u0022:\\u0022resync\\u0022", received);

        foreach (IMqttClient client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_database_outage_loses_nothing_the_broker_accepted_and_stores_nothing_twice()
    {
        using PostgresServer postgres = new();
        string database = postgres.CreateDatabase("outage");
        using MosquittoServer broker = new("dev1");
        StringWriter log = new();
        await using AggregatorHost aggregator = new(Options("agg-outage", broker, database), TextWriter.Synchronized(log));
        await aggregator.StartAsync();
        aggregator.Registry.Add("shop", "dev1");
        using IMqttClient device = await Connect(broker, "dev1");
        string Event(int seq) => $"{{\"seq\":{seq},\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\"}}";
        for (int seq = 1; seq <= 50; seq++)
        {
            await Publish(device, "nfbond/v1/shop/dev1/events", Event(seq));
        }

        await Eventually.HoldsAsync(() => aggregator.Store.EventCount() == 50);
        postgres.Stop();
        for (int seq = 51; seq <= 150; seq++)
        {
            await Publish(device, "nfbond/v1/shop/dev1/events", Event(seq));
        }

        await Task.Delay(3000);
        postgres.Start();
        await Eventually.HoldsAsync(() => Stored(aggregator) == 150, 60_000);

        Assert.True(aggregator.Store.EventCount() == 150, $"{aggregator.Store.EventCount()} of 150 events stored; aggregator log:\n{log}");
        Assert.Equal(Enumerable.Range(1, 150), aggregator.Store.Events("dev1", 0, 1000).Select(e => e.GetProperty("seq").GetInt32()));
        Assert.Contains("reconnecting so the broker redelivers", log.ToString());
    }

    private static long Stored(AggregatorHost aggregator)
    {
        try
        {
            return aggregator.Store.EventCount();
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    private static AggregatorOptions Options(string instance, MosquittoServer broker, string database) => new()
    {
        Broker = broker.AggregatorUrl,
        InstanceId = instance,
        Storage = "postgres",
        PostgresConnectionString = database,
        HttpPort = LocalPorts.Free(),
        DataDirectory = Directory.CreateTempSubdirectory("nfbond-" + instance).FullName,
    };

    private static async Task<IMqttClient> Connect(MosquittoServer broker, string id)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port).WithClientId(id).WithCredentials(id, MosquittoServer.Password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task Publish(IMqttClient client, string topic, string payload)
    {
        MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(result.IsSuccess, $"{topic}: {result.ReasonCode} {result.ReasonString}");
    }

}
