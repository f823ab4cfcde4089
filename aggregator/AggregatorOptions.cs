namespace NfBond.Aggregator;

/// <summary>How the aggregator runs (appsettings section "Aggregator", or environment variables Aggregator__MqttPort and so on).</summary>
public sealed class AggregatorOptions
{
    /// <summary>Gets or sets the embedded broker's port.</summary>
    public int MqttPort { get; set; } = 1883;

    /// <summary>Gets or sets the HTTP API's port.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Gets or sets the address both listen on; loopback unless configured.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the data directory (SQLite database, API token).</summary>
    public string DataDirectory { get; set; } = "nfbond-data";

    /// <summary>Gets or sets whether devices may connect without credentials (lab use only).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the largest message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 16384;
}
