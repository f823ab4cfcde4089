using NfBond.Firmware.Telemetry;

namespace NfBond.Firmware.Config;

/// <summary>
/// What one board needs beyond its board and site files (device.json on its flash): its identity and
/// credentials towards the aggregator, where to get the time, its own LAN address.
/// </summary>
public sealed class DeviceSettings
{
    /// <summary>Gets or sets the telemetry identity, broker and command secret.</summary>
    public TelemetryOptions Telemetry { get; set; } = new TelemetryOptions();

    /// <summary>Gets or sets the SNTP server's IPv4 address.</summary>
    public string NtpServer { get; set; } = "";

    /// <summary>Gets or sets this board's LAN IPv4 address (host order), the VRRP source.</summary>
    public uint Address { get; set; }

    /// <summary>Gets or sets the router's management API (RouterOS REST), e.g. "https://192.168.88.1", or "" when the plan is only reported.</summary>
    public string RouterUrl { get; set; } = "";

    /// <summary>Gets or sets the RouterOS user.</summary>
    public string RouterUser { get; set; } = "";

    /// <summary>Gets or sets the RouterOS user's password.</summary>
    public string RouterPassword { get; set; } = "";

    /// <summary>Gets or sets the CA certificate (PEM) the broker's certificate must chain to, or "" for plain MQTT.</summary>
    public string CaCertificate { get; set; } = "";
}
