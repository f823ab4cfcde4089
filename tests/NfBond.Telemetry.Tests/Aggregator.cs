using System.Buffers;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace NfBond.Telemetry.Tests;

/// <summary>A stand-in for the fleet side: subscribes to every device's topics and records what arrives.</summary>
internal sealed class Aggregator : IDisposable
{
    private readonly MQTTnet.IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<(string Topic, JsonElement Body, bool Retained)> _received = [];

    public static async Task<Aggregator> ConnectAsync(int port, string? user = null, string? password = null)
    {
        Aggregator a = new();
        a._client.ApplicationMessageReceivedAsync += e =>
        {
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray()).RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }

            lock (a._received)
            {
                a._received.Add((e.ApplicationMessage.Topic, body, e.ApplicationMessage.Retain));
            }

            return Task.CompletedTask;
        };
        await a.ReconnectAsync(port, user, password);
        return a;
    }

    public async Task ReconnectAsync(int port, string? user, string? password)
    {
        MqttClientOptionsBuilder options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("aggregator-" + Guid.NewGuid().ToString("N")[..8]);
        if (user != null)
        {
            options.WithCredentials(user, password);
        }

        await _client.ConnectAsync(options.Build());
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("nfbond/v1/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    public List<(string Topic, JsonElement Body, bool Retained)> Received(string suffix)
    {
        lock (_received)
        {
            return _received.Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal)).ToList();
        }
    }

    public async Task<List<(string Topic, JsonElement Body, bool Retained)>> WaitForAsync(string suffix, Func<JsonElement, bool> match, int timeoutMs)
    {
        DateTime until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < until)
        {
            List<(string Topic, JsonElement Body, bool Retained)> found = Received(suffix).Where(m => m.Body.ValueKind == JsonValueKind.Object && match(m.Body)).ToList();
            if (found.Count > 0)
            {
                return found;
            }

            await Task.Delay(20);
        }

        return [];
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public void Dispose() => _client.Dispose();
}
