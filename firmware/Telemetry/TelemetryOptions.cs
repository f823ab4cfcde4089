using NfBond.Hal;

namespace NfBond.Firmware.Telemetry;

/// <summary>Configuration of the device's telemetry and remote control.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Gets or sets the site ID.</summary>
    public string Site { get; set; } = "";

    /// <summary>Gets or sets the device ID (MQTT client ID).</summary>
    public string Device { get; set; } = "";

    /// <summary>Gets or sets the broker connection (host, port, TLS, credentials, MQTT version); the Last Will is filled in by the agent.</summary>
    public MqttConnectOptions Broker { get; set; } = new MqttConnectOptions();

    /// <summary>Gets or sets how often the state snapshot is published.</summary>
    public int StateIntervalMs { get; set; } = 30000;

    /// <summary>Gets or sets the firmware version in the birth message.</summary>
    public string FirmwareVersion { get; set; } = "0.1.0";

    /// <summary>Gets or sets the board ID in the birth message.</summary>
    public string Board { get; set; } = "";

    /// <summary>Gets or sets a hash of the configuration in force, in the birth message.</summary>
    public string ConfigHash { get; set; } = "";

    /// <summary>Gets or sets the per-device secret commands are signed with; empty rejects every command.</summary>
    public byte[] Secret { get; set; } = new byte[0];

    /// <summary>Gets or sets how far a command's timestamp may be from the device clock.</summary>
    public int CommandWindowMs { get; set; } = 300000;

    /// <summary>Gets or sets the most events kept while the broker is unreachable.</summary>
    public int MaxQueuedEvents { get; set; } = 2000;

    /// <summary>Gets or sets the most event bytes kept while the broker is unreachable.</summary>
    public int MaxQueuedBytes { get; set; } = 262144;

    /// <summary>
    /// Gets or sets how many flash spool segments (each up to <see cref="MaxQueuedBytes"/>) take events
    /// when RAM is full, where the platform has storage; 0 keeps events in RAM only.
    /// </summary>
    public int SpoolSegments { get; set; } = 32;

    /// <summary>Gets or sets the first reconnect delay; it doubles per failure.</summary>
    public int ReconnectMinMs { get; set; } = 1000;

    /// <summary>Gets or sets the longest reconnect delay.</summary>
    public int ReconnectMaxMs { get; set; } = 60000;
}
