using NfBond.Hal;

namespace NfBond.Benchmarks;

/// <summary>An always-connected MQTT client that acknowledges every publish at once and remembers only sizes, so it allocates nothing itself.</summary>
internal sealed class CountingMqttClient : IMqttClient
{
    public event MqttConnectionHandler? ConnectionChanged;

    public event MqttMessageHandler? MessageReceived
    {
        add { }
        remove { }
    }

    public event MqttPublishedHandler? Published;

    public bool IsConnected => true;

    public long Publishes { get; private set; }

    public int LastLength { get; private set; }

    public string LastTopic { get; private set; } = "";

    public void Connect(MqttConnectOptions options) => ConnectionChanged?.Invoke(true, "");

    public void Disconnect()
    {
    }

    public void Subscribe(string topic)
    {
    }

    public void Publish(string topic, byte[] payload, int length, int qos, bool retain, long token)
    {
        Publishes++;
        LastLength = length;
        LastTopic = topic;
        Published?.Invoke(token, true, "");
    }
}
