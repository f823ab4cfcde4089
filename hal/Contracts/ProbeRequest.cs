namespace NfBond.Hal;

/// <summary>
/// One probe to send through one link, and its outcome. The firmware keeps one request per target and
/// reuses it every round, so probing allocates nothing; the transport fills in the outcome fields and
/// then raises <see cref="IProbeTransport.Completed"/>.
/// </summary>
public sealed class ProbeRequest
{
    /// <summary>Gets or sets how to probe.</summary>
    public ProbeKind Kind { get; set; }

    /// <summary>Gets or sets the target host: an IP address, or a name the transport resolves.</summary>
    public string Host { get; set; } = "";

    /// <summary>Gets or sets the port (TCP, DNS, HTTP, HTTPS).</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the HTTP path, or the DNS name to query.</summary>
    public string Path { get; set; } = "";

    /// <summary>Gets or sets the network interface the probe must leave through ("" = any).</summary>
    public string Interface { get; set; } = "";

    /// <summary>Gets or sets the firewall mark to put on the probe's packets (0 = none), which selects the link's routing table.</summary>
    public int Mark { get; set; }

    /// <summary>Gets or sets how long to wait for an answer.</summary>
    public int TimeoutMs { get; set; }

    /// <summary>Gets or sets the sender's round number; transports leave it alone so a late answer can be recognised.</summary>
    public long Round { get; set; }

    /// <summary>Gets or sets the sender's own state for this request.</summary>
    public object? Tag { get; set; }

    /// <summary>Gets or sets whether the target answered within the timeout.</summary>
    public bool Succeeded { get; set; }

    /// <summary>Gets or sets the round-trip time in microseconds when it succeeded.</summary>
    public int RttMicros { get; set; }

    /// <summary>Gets or sets why it failed ("timeout", "connection refused", "HTTP 503"), or "" on success.</summary>
    public string Error { get; set; } = "";
}
