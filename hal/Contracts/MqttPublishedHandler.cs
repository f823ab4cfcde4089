namespace NfBond.Hal;

/// <summary>Reports the outcome of one publish; raised once per publish, on any thread.</summary>
/// <param name="token">The token given to <see cref="IMqttClient.Publish"/>.</param>
/// <param name="delivered">True when the broker acknowledged it (QoS 1) or it was sent (QoS 0).</param>
/// <param name="reason">Why not, "" on success.</param>
public delegate void MqttPublishedHandler(long token, bool delivered, string reason);
