namespace NfBond.Firmware.Redundancy;

/// <summary>
/// A VRRPv3 advertisement for IPv4 (RFC 5798 section 5): decoded into, or encoded from, one reusable
/// object so the steady-state advertisement path allocates nothing.
/// </summary>
public sealed class VrrpAdvertisement
{
    /// <summary>The most IPv4 addresses one advertisement carries here.</summary>
    public const int MaxAddresses = 16;

    /// <summary>Gets or sets the virtual router ID, 1 to 255.</summary>
    public int Vrid { get; set; }

    /// <summary>Gets or sets the sender's priority: 255 address owner, 0 resigning.</summary>
    public int Priority { get; set; }

    /// <summary>Gets or sets the advertisement interval in centiseconds (12 bits, 1 to 4095).</summary>
    public int IntervalCs { get; set; }

    /// <summary>Gets the IPv4 addresses (host order), <see cref="AddressCount"/> of them in use.</summary>
    public uint[] Addresses { get; } = new uint[MaxAddresses];

    /// <summary>Gets or sets how many addresses are in use.</summary>
    public int AddressCount { get; set; }

    /// <summary>Gets or sets the IP source of a received packet (host order).</summary>
    public uint Source { get; set; }

    /// <summary>Gets the encoded length: 8 + 4 per address.</summary>
    public int Length => 8 + 4 * AddressCount;
}
