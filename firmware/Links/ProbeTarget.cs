using NfBond.Hal;

namespace NfBond.Firmware.Links;

/// <summary>One thing a link is probed against.</summary>
public sealed class ProbeTarget
{
    /// <summary>Gets or sets the probe kind.</summary>
    public ProbeKind Kind { get; set; }

    /// <summary>Gets or sets the host: an IP address or name (a name costs a lookup per probe).</summary>
    public string Host { get; set; } = "";

    /// <summary>Gets or sets the port (TCP, DNS, HTTP, HTTPS); 0 means the kind's default.</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the HTTP path, or the DNS name to query.</summary>
    public string Path { get; set; } = "";

    /// <summary>Gets the bytes one probe costs on the wire, both ways, for data-cap accounting.</summary>
    public int WireBytes
    {
        get
        {
            switch (Kind)
            {
                // SYN, SYN-ACK, ACK, FIN/ACK both ways, RST: about 6 packets of 60 bytes.
                case ProbeKind.Tcp: return 360;
                case ProbeKind.Dns: return 180;
                case ProbeKind.Http: return 900;
                case ProbeKind.Https: return 6000;
                default: return 168;
            }
        }
    }

    /// <summary>Describes the target for events, e.g. <c>tcp 1.1.1.1:443</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        return ProbeKinds.Name(Kind) + " " + Host + (Port > 0 ? ":" + Port.ToString() : "") + (Path.Length > 0 ? " " + Path : "");
    }
}
