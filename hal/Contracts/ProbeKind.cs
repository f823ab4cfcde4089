namespace NfBond.Hal;

/// <summary>How a probe checks that a target is reachable through a link.</summary>
public enum ProbeKind
{
    /// <summary>A TCP connect (SYN, SYN-ACK) to host:port; the connection is closed at once.</summary>
    Tcp,

    /// <summary>A DNS query for a name, sent to the target as resolver.</summary>
    Dns,

    /// <summary>An HTTP GET whose status must be below 500.</summary>
    Http,

    /// <summary>An HTTPS GET whose status must be below 500.</summary>
    Https,

    /// <summary>An ICMP echo, where the platform can send one.</summary>
    Icmp,

    /// <summary>A ping sent by the cellular modem itself (AT+QPING / AT+CPING).</summary>
    ModemPing,
}
