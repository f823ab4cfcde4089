using System.Text;
using System.Text.Json;
using MQTTnet;

namespace NfBond.Telemetry.Tests;

/// <summary>The device against a real mosquitto 2 with passwords and per-device ACLs, in real time.</summary>
[Collection("brokers")]
public class MosquittoTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Events_from_a_60_second_broker_outage_arrive_in_order_exactly_once_after_dedupe()
    {
        using MosquittoServer broker = new("dev1");
        using Aggregator fleet = await Aggregator.ConnectAsync(broker.Port, MosquittoServer.AggregatorUser, MosquittoServer.Password);
        using DeviceUnderTest device = new(broker.Port, "dev1", "dev1", MosquittoServer.Password, CommandTests.Secret);

        Assert.NotEmpty(await fleet.WaitForAsync("/dev1/status", b => b.GetProperty("state").GetString() == "online", 15_000));
        Assert.NotEmpty(await fleet.WaitForAsync("/dev1/birth", b => b.GetProperty("protocol").GetString() == "nfbond/v1", 5000));
        Assert.NotEmpty(await fleet.WaitForAsync("/dev1/events", b => b.GetProperty("kind").GetString() == "failover", 5000));
        // The start's events all through first: this broker keeps nothing (persistence off) and is killed, so an event
        // it had acknowledged but not yet passed on would die with it, which is the broker's loss and not this test's.
        long started = device.Read(() => device.Host.Agent!.NextSeq - 1);
        Assert.NotEmpty(await fleet.WaitForAsync("/dev1/events", b => b.GetProperty("seq").GetInt64() == started, 10_000));

        broker.Stop();
        // While the broker is gone the primary fails and recovers three times: link, failover and plan events pile up.
        for (int outage = 0; outage < 3; outage++)
        {
            device.OnLoop(() => device.Network.Cut("wan1"));
            await Eventually.HoldsAsync(() => device.Read(() => device.Host.Controller.Scheduler.Plan.Weights[0]) == 0, 15_000, "the plan to leave the cut wan1");
            device.OnLoop(() => device.Network.Cut("wan1", false));
            await Eventually.HoldsAsync(() => device.Read(() => device.Host.Controller.Scheduler.Plan.Weights[0]) > 0, 30_000, "the plan to return to the repaired wan1");
        }

        long produced = device.Read(() => device.Host.Agent!.NextSeq - 1);
        int queued = device.Read(() => device.Host.Agent!.Outbox.Count);
        Assert.True(queued >= 12, $"only {queued} events queued during the outage");

        broker.Start();
        await fleet.ReconnectAsync(broker.Port, MosquittoServer.AggregatorUser, MosquittoServer.Password);
        List<(string Topic, JsonElement Body, bool Retained)> last = await fleet.WaitForAsync("/dev1/events", b => b.GetProperty("seq").GetInt64() == produced, 150_000);
        Assert.NotEmpty(last);

        long[] received = fleet.Received("/dev1/events").Select(m => m.Body.GetProperty("seq").GetInt64()).ToArray();
        long[] deduped = received.Distinct().ToArray();
        Assert.Equal(Enumerable.Range(1, (int)produced).Select(i => (long)i).ToArray(), deduped);
        Assert.True(deduped.SequenceEqual(deduped.Order()), "events arrived out of order: " + string.Join(",", received));
    }

    [Fact]
    public async Task A_device_can_publish_only_under_its_own_id_and_commands_are_checked()
    {
        using MosquittoServer broker = new("dev1", "dev2");
        using Aggregator fleet = await Aggregator.ConnectAsync(broker.Port, MosquittoServer.AggregatorUser, MosquittoServer.Password);
        using DeviceUnderTest device = new(broker.Port, "dev1", "dev1", MosquittoServer.Password, CommandTests.Secret, protocol: 4);
        Assert.NotEmpty(await fleet.WaitForAsync("/dev1/status", b => b.GetProperty("state").GetString() == "online", 15_000));
        Assert.True(fleet.Received("/dev1/state").Count > 0 || (await fleet.WaitForAsync("/dev1/state", _ => true, 5000)).Count > 0);

        // dev2's credentials cannot speak for dev1.
        MQTTnet.IMqttClient impostor = new MqttClientFactory().CreateMqttClient();
        await impostor.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("dev2").WithCredentials("dev2", MosquittoServer.Password).Build());
        MqttClientPublishResult forged = await impostor.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("nfbond/v1/s1/dev1/events")
            .WithPayload("{\"seq\":999999,\"kind\":\"failover\"}").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        await impostor.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("nfbond/v1/s1/dev1/cmd").WithPayload(CommandTests.Signed("x-1", "dev1", "reboot", Now)).Build());
        impostor.Dispose();

        string cmd = "nfbond/v1/s1/dev1/cmd";
        await fleet.PublishAsync(cmd, CommandTests.Signed("c-1", "dev1", "run_drill", Now, "{\"link\":\"fiber\",\"seconds\":3}"));
        await fleet.PublishAsync(cmd, CommandTests.Signed("c-1", "dev1", "run_drill", Now, "{\"link\":\"fiber\",\"seconds\":3}"));
        await fleet.PublishAsync(cmd, Encoding.UTF8.GetBytes("{\"body\":\"{}\",\"sig\":\"nothex\"}"));
        await fleet.PublishAsync(cmd, CommandTests.Signed("c-3", "dev1", "reboot", Now - 3_600_000));

        await Eventually.HoldsAsync(() => fleet.Received("/dev1/cmd/res").Count >= 4, 5000, "four answers on cmd/res");
        List<(string Topic, JsonElement Body, bool Retained)> responses = fleet.Received("/dev1/cmd/res");
        Assert.Equal(4, responses.Count);
        Assert.True(responses[0].Body.GetProperty("ok").GetBoolean());
        Assert.Equal("replayed: command \"c-1\" was already accepted", responses[1].Body.GetProperty("error").GetString());
        Assert.StartsWith("\"sig\" must be 64 hex digits", responses[2].Body.GetProperty("error").GetString());
        Assert.StartsWith("outside the replay window", responses[3].Body.GetProperty("error").GetString());
        Assert.DoesNotContain(fleet.Received("/dev1/events"), m => m.Body.GetProperty("seq").GetInt64() == 999999);
        Assert.NotEmpty(await fleet.WaitForAsync("/dev1/events", b => b.GetProperty("kind").GetString() == "drill_result" && b.GetProperty("ok").GetBoolean(), 30_000));
    }
}
