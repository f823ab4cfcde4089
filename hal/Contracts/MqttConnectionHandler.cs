namespace NfBond.Hal;

/// <summary>Reports a connection change; raised on any thread.</summary>
/// <param name="connected">True when connected, false when the connection failed or was lost.</param>
/// <param name="reason">Why (broker's reason code or the socket error), "" on success.</param>
public delegate void MqttConnectionHandler(bool connected, string reason);
