using System.Net;

namespace NfBond.Aggregator;

/// <summary>
/// How the aggregator runs: section "Aggregator" of appsettings.json (working directory, then the data
/// directory), overridden by environment variables (<c>Aggregator__MqttPort=1884</c>) and then by
/// command-line flags. <see cref="AggregatorSettings"/> loads and checks them.
/// </summary>
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

    /// <summary>Gets or sets whether devices may connect to the embedded broker without credentials (lab use only).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the largest message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 16384;

    /// <summary>Gets or sets the MQTT-over-TLS port, 0 for none, or null for the default: 8883 off loopback, none on loopback.</summary>
    public int? MqttTlsPort { get; set; }

    /// <summary>Gets or sets the HTTPS port of the API and dashboard, 0 for none, or null for the default: 8443 off loopback, none on loopback.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>Gets or sets the server certificate (PFX, or PEM with <see cref="CertificateKeyFile"/>); empty to generate a private CA and certificate in the data directory.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>Gets or sets the private key (PEM) of a PEM <see cref="CertificateFile"/>, if not in the same file.</summary>
    public string CertificateKeyFile { get; set; } = "";

    /// <summary>Gets or sets the password of a PFX <see cref="CertificateFile"/>.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>Gets or sets extra host names and addresses (comma-separated) the generated certificate is valid for, e.g. the public name controllers use.</summary>
    public string TlsNames { get; set; } = "";

    /// <summary>Gets or sets the CA certificate (PEM file) an external mqtts:// broker's certificate must chain to; empty for the system's roots.</summary>
    public string BrokerCaFile { get; set; } = "";

    /// <summary>Gets or sets whether plain MQTT and HTTP may listen on an address beyond loopback (passwords and tokens then travel in clear).</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Gets or sets how often the embedded broker checks its sessions against the registry, in seconds: a re-provisioned or removed controller's session is then closed.</summary>
    public int CredentialCheckSeconds { get; set; } = 30;

    /// <summary>Gets or sets the largest CONNECT packet the embedded broker reads before a client has logged in, in bytes.</summary>
    public int MaxConnectBytes { get; set; } = 8192;

    /// <summary>Gets or sets how long a client may take to send its whole CONNECT, in seconds.</summary>
    public int LoginDeadlineSeconds { get; set; } = 10;

    /// <summary>Gets or sets where data is stored: "sqlite" (a file in the data directory) or "postgres".</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Gets or sets the PostgreSQL connection string (Npgsql format) when <see cref="Storage"/> is "postgres".</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>Gets or sets the broker: "embedded" (inside this process) or an external one as mqtt://[user:password@]host[:port].</summary>
    public string Broker { get; set; } = "embedded";

    /// <summary>Gets or sets the shared-subscription group aggregator instances on one external broker split the load in.</summary>
    public string SharedGroup { get; set; } = "nfbond-aggregator";

    /// <summary>Gets or sets this instance's name: its MQTT client ID on an external broker (unique per instance).</summary>
    public string InstanceId { get; set; } = "nfbond-aggregator-" + Environment.MachineName.ToLowerInvariant();

    /// <summary>Gets or sets how alerts behave and how e-mail alerts leave.</summary>
    public Alerts.AlertOptions Alerts { get; set; } = new();

    /// <summary>Gets whether <see cref="ListenAddress"/> is a loopback address (traffic never leaves the machine).</summary>
    /// <returns>True for 127.x.x.x and ::1.</returns>
    public bool ListensOnLoopback() => IPAddress.TryParse(ListenAddress, out IPAddress? address) && IPAddress.IsLoopback(address);

    /// <summary>Gets the MQTT-over-TLS port in effect, 0 for none.</summary>
    /// <returns>The port.</returns>
    public int EffectiveMqttTlsPort() => MqttTlsPort ?? (ListensOnLoopback() ? 0 : 8883);

    /// <summary>Gets the HTTPS port in effect, 0 for none.</summary>
    /// <returns>The port.</returns>
    public int EffectiveHttpsPort() => HttpsPort ?? (ListensOnLoopback() ? 0 : 8443);

    /// <summary>Gets whether the plain MQTT and HTTP ports listen: always on loopback, elsewhere only with <see cref="AllowPlaintext"/>.</summary>
    /// <returns>True when they do.</returns>
    public bool ServesPlaintext() => ListensOnLoopback() || AllowPlaintext;
}
