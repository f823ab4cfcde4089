namespace NfBond.Hal;

/// <summary>
/// The device side of MQTT: connect with a Last Will, publish with an acknowledgement callback,
/// subscribe to the command topic. Nothing blocks: outcomes arrive through the events, on any thread;
/// reconnection is the caller's decision (with back-off).
/// </summary>
/// <remarks>
/// Implementations: MQTTnet on full .NET; nanoFramework.M2Mqtt on boards (same shape: connect, publish
/// returning a message id, published and received events).
/// </remarks>
public interface IMqttClient
{
    /// <summary>Raised when a connection attempt succeeded or failed, or the connection was lost.</summary>
    event MqttConnectionHandler ConnectionChanged;

    /// <summary>Raised for each message on a subscribed topic.</summary>
    event MqttMessageHandler MessageReceived;

    /// <summary>Raised once for each <see cref="Publish"/>.</summary>
    event MqttPublishedHandler Published;

    /// <summary>Gets whether the client is connected.</summary>
    bool IsConnected { get; }

    /// <summary>Starts connecting; the outcome arrives through <see cref="ConnectionChanged"/>.</summary>
    /// <param name="options">Broker, credentials, Last Will.</param>
    void Connect(MqttConnectOptions options);

    /// <summary>Disconnects cleanly (the Last Will is not sent).</summary>
    void Disconnect();

    /// <summary>Subscribes at QoS 1.</summary>
    /// <param name="topic">The topic filter.</param>
    void Subscribe(string topic);

    /// <summary>Publishes; the payload is copied before this returns.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">Buffer holding the payload.</param>
    /// <param name="length">Payload bytes from the start of the buffer.</param>
    /// <param name="qos">0 or 1.</param>
    /// <param name="retain">Whether the broker keeps it for new subscribers.</param>
    /// <param name="token">Returned in <see cref="Published"/>.</param>
    void Publish(string topic, byte[] payload, int length, int qos, bool retain, long token);
}
