namespace NfBond.Hal;

/// <summary>How a device connects to its broker.</summary>
public sealed class MqttConnectOptions
{
    /// <summary>Gets or sets the broker's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the broker's port (1883, or 8883 with TLS).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets whether to use TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>Gets or sets the CA certificate (PEM) the broker's certificate must chain to, or "" for the platform's trusted roots.</summary>
    public string CaCertificate { get; set; } = "";

    /// <summary>Gets or sets the client ID (the device ID).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Gets or sets the user name, or null to connect anonymously.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password, or null.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the protocol: 4 for MQTT 3.1.1, 5 for MQTT 5.</summary>
    public int ProtocolVersion { get; set; } = 5;

    /// <summary>Gets or sets the keep-alive interval in seconds.</summary>
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Gets or sets the Last Will's topic, or null for none.</summary>
    public string? WillTopic { get; set; }

    /// <summary>Gets or sets the Last Will's payload.</summary>
    public byte[] WillPayload { get; set; } = new byte[0];

    /// <summary>Gets or sets whether the Last Will is retained.</summary>
    public bool WillRetain { get; set; } = true;
}
