using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace NfBond.Aggregator.Tests;

/// <summary>Lab mode (anonymous controllers): what reports is listed in the API, marked unprovisioned.</summary>
public class LabModeTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_unprovisioned_lab_controller_is_listed_with_its_site_and_marked(string storage)
    {
        using PostgresServer? postgres = storage == "postgres" ? new PostgresServer() : null;
        AggregatorOptions options = new()
        {
            MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-lab-mode").FullName, AllowAnonymous = true,
            Storage = storage, PostgresConnectionString = postgres?.CreateDatabase("labmode") ?? "",
        };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        host.Registry.Add("bench", "known-ctl");
        using HttpClient http = RunningAggregator.ApiClient(host);

        using IMqttClient lab = new MqttClientFactory().CreateMqttClient();
        await lab.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", options.MqttPort).WithClientId("bench-ctl-2").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach ((string kind, string body) in new[] { ("status", "{\"ts\":" + now + ",\"state\":\"online\"}"), ("state", "{\"ts\":" + now + ",\"next_seq\":1,\"links\":[],\"plan\":{\"version\":1,\"reason\":\"lab\"},\"modems\":[]}") })
        {
            await lab.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("nfbond/v1/bench/bench-ctl-2/" + kind).WithPayload(Encoding.UTF8.GetBytes(body)).WithRetainFlag()
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await Eventually.HoldsAsync(() => host.Store.Latest("bench-ctl-2", "state") != null);
        using JsonDocument sites = JsonDocument.Parse(await http.GetStringAsync("/api/sites"));
        JsonElement bench = Assert.Single(sites.RootElement.EnumerateArray());
        Assert.Equal(("bench", 2, 1), (bench.GetProperty("site").GetString(), bench.GetProperty("controllers").GetInt32(), bench.GetProperty("unprovisioned").GetInt32()));
        using JsonDocument controllers = JsonDocument.Parse(await http.GetStringAsync("/api/controllers"));
        Assert.Equal([("bench-ctl-2", false, "online"), ("known-ctl", true, (string?)null)], controllers.RootElement.EnumerateArray().Select(c =>
            (c.GetProperty("device").GetString(), c.GetProperty("provisioned").GetBoolean(), c.GetProperty("status").ValueKind == JsonValueKind.Null ? null : c.GetProperty("status").GetString())));
        using JsonDocument ofSite = JsonDocument.Parse(await http.GetStringAsync("/api/controllers?site=bench"));
        Assert.Equal(2, ofSite.RootElement.GetArrayLength());
    }
}
