using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Tests.Shared;

/// <summary>A broker-less MQTT client under virtual time: records publishes, acknowledges them, can be taken offline.</summary>
internal sealed class FakeMqttClient : IMqttClient
{
    private readonly EventLoop _loop;

    public FakeMqttClient(EventLoop loop) => _loop = loop;

    public event MqttConnectionHandler? ConnectionChanged;

    public event MqttMessageHandler? MessageReceived;

    public event MqttPublishedHandler? Published;

    public bool BrokerUp { get; set; } = true;

    public bool IsConnected { get; private set; }

    public int Connects { get; private set; }

    public List<long> ConnectTimes { get; } = [];

    public MqttConnectOptions? Options { get; private set; }

    public List<(string Topic, byte[] Payload, bool Retain)> Sent { get; } = [];

    public List<string> Subscriptions { get; } = [];

    public void Connect(MqttConnectOptions options)
    {
        Options = options;
        Connects++;
        ConnectTimes.Add(_loop.NowMs);
        new LoopTimer(_loop, _ =>
        {
            IsConnected = BrokerUp;
            ConnectionChanged?.Invoke(BrokerUp, BrokerUp ? "" : "connection refused");
        }).Start(5);
    }

    public void Disconnect() => IsConnected = false;

    public void Subscribe(string topic) => Subscriptions.Add(topic);

    public void Publish(string topic, byte[] payload, int length, int qos, bool retain, long token)
    {
        bool delivered = IsConnected && BrokerUp;
        if (delivered)
        {
            Sent.Add((topic, payload[..length], retain));
        }

        new LoopTimer(_loop, _ => Published?.Invoke(token, delivered, delivered ? "" : "not connected")).Start(2);
    }

    public void DropConnection()
    {
        BrokerUp = false;
        IsConnected = false;
        ConnectionChanged?.Invoke(false, "connection reset by peer");
    }

    public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);
}
