using System.Net;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Tests;

/// <summary>Regressions for the hostile-client probe's minor findings: the cmd/res size limit and retain, and the 401 answer.</summary>
public class HostileMinorTests
{
    [Fact]
    public async Task A_devices_own_cmd_res_topic_keeps_the_size_limit_and_is_never_retained()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-cmdres");
        (string password, _) = aggregator.Host.Registry.Add("siteM", "ctl-m");
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", aggregator.Options.MqttPort).WithClientId("ctl-m").WithCredentials("ctl-m", password).Build());

        async Task<MqttClientPublishResult> Answer(int bytes, bool retain) => await device.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("nfbond/v1/siteM/ctl-m/cmd/res").WithPayload(Encoding.UTF8.GetBytes("{\"id\":\"c-1\",\"ok\":true,\"pad\":\"" + new string('x', bytes) + "\"}"))
            .WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.True((await Answer(100, false)).IsSuccess);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await Answer(16_500, false)).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await Answer(100, true)).ReasonCode);
        Assert.Equal(1, aggregator.Host.Ingest.Rejected(RejectReason.Oversized));

        // 10 MB does not even reach the broker: the connection is closed at the packet's header (F1).
        await Assert.ThrowsAnyAsync<Exception>(() => Answer(10 * 1024 * 1024, true));
        await Eventually.HoldsAsync(() => ((NfBond.Aggregator.Broker.EmbeddedBroker)aggregator.Host.Broker).ConnectionsRefused == 1);
        await Eventually.HoldsAsync(() => !device.IsConnected);
        Assert.False(device.IsConnected);
    }

    [Fact]
    public async Task The_401_answer_is_a_problem_document_that_does_not_name_the_token_files_path()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-401");
        using HttpClient anonymous = new() { BaseAddress = aggregator.Http.BaseAddress };
        HttpResponseMessage answer = await anonymous.GetAsync("/api/sites");
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        string body = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain(aggregator.Options.DataDirectory, body);
        Assert.DoesNotContain("/tmp", body);
        Assert.Equal(401, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Re_provisioning_a_device_closes_its_live_session_and_only_the_new_password_logs_in()
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-reprovision").FullName, CredentialCheckSeconds = 1 };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        (string old, _) = host.Registry.Add("siteR", "ctl-r");
        MqttClientOptions Login(string password) => new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", options.MqttPort).WithClientId("ctl-r").WithCredentials("ctl-r", password).Build();
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await device.ConnectAsync(Login(old))).ResultCode);

        // As `nfbond aggregator device add` run again would: a new password in the store.
        (string fresh, _) = host.Registry.Add("siteR", "ctl-r");
        await Eventually.HoldsAsync(() => !device.IsConnected);
        Assert.False(device.IsConnected);
        Assert.Equal(1, ((NfBond.Aggregator.Broker.EmbeddedBroker)host.Broker).SessionsRevoked);

        using IMqttClient again = new MqttClientFactory().CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, (await again.ConnectAsync(Login(old))).ResultCode);
        using IMqttClient renewed = new MqttClientFactory().CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await renewed.ConnectAsync(Login(fresh))).ResultCode);
    }
}
