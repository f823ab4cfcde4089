namespace NfBond.Firmware.Redundancy;

/// <summary>How the VRRPv3 checksum is computed over IPv4.</summary>
public enum VrrpChecksum
{
    /// <summary>RFC 5798: over an IPv4 pseudo-header (source, destination, zero, protocol 112, length) and the VRRP message. keepalived's default.</summary>
    Rfc,

    /// <summary>Over the VRRP message only, as in VRRPv2: keepalived's <c>v3_checksum_as_v2</c>, and some vendors' reading.</summary>
    WithoutPseudoHeader,
}
