using NfBond.Hal;

namespace NfBond.Firmware.Links;

/// <summary>Configuration names of <see cref="ProbeKind"/> values.</summary>
public static class ProbeKinds
{
    /// <summary>The names, in <see cref="ProbeKind"/> order.</summary>
    public static readonly string[] Names = new string[] { "tcp", "dns", "http", "https", "icmp", "modem-ping" };

    /// <summary>Gets the configuration name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>For example <c>modem-ping</c>.</returns>
    public static string Name(ProbeKind kind)
    {
        return Names[(int)kind];
    }

    /// <summary>Gets the port a kind uses when none is configured.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The port, or 0 for kinds without one.</returns>
    public static int DefaultPort(ProbeKind kind)
    {
        switch (kind)
        {
            case ProbeKind.Tcp: return 443;
            case ProbeKind.Dns: return 53;
            case ProbeKind.Http: return 80;
            case ProbeKind.Https: return 443;
            default: return 0;
        }
    }
}
