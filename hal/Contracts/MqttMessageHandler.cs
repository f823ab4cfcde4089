namespace NfBond.Hal;

/// <summary>Delivers a message from a subscription; raised on any thread.</summary>
/// <param name="topic">The topic.</param>
/// <param name="payload">The payload (owned by the receiver).</param>
public delegate void MqttMessageHandler(string topic, byte[] payload);
