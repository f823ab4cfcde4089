namespace NfBond.Firmware.Redundancy;

/// <summary>
/// Encodes and validates VRRPv3 advertisements over IPv4 (RFC 5798 section 5.2), with the checksum
/// computed either with the IPv4 pseudo-header (the RFC, keepalived's default) or without it
/// (keepalived's <c>v3_checksum_as_v2</c>).
/// </summary>
public static class VrrpCodec
{
    /// <summary>IP protocol number of VRRP.</summary>
    public const int Protocol = 112;

    /// <summary>The VRRP IPv4 multicast group 224.0.0.18, host order.</summary>
    public const uint MulticastGroup = 0xE0000012;

    /// <summary>Writes an advertisement.</summary>
    /// <param name="ad">What to send (its Source is ignored).</param>
    /// <param name="buffer">Destination buffer, at least <see cref="VrrpAdvertisement.Length"/> bytes from <paramref name="offset"/>.</param>
    /// <param name="offset">Where to start.</param>
    /// <param name="source">The IP source address (for the pseudo-header), host order.</param>
    /// <param name="destination">The IP destination address, host order.</param>
    /// <param name="mode">Checksum mode.</param>
    /// <returns>Bytes written.</returns>
    public static int Encode(VrrpAdvertisement ad, byte[] buffer, int offset, uint source, uint destination, VrrpChecksum mode)
    {
        int length = ad.Length;
        buffer[offset] = 0x31;
        buffer[offset + 1] = (byte)ad.Vrid;
        buffer[offset + 2] = (byte)ad.Priority;
        buffer[offset + 3] = (byte)ad.AddressCount;
        buffer[offset + 4] = (byte)((ad.IntervalCs >> 8) & 0x0F);
        buffer[offset + 5] = (byte)ad.IntervalCs;
        buffer[offset + 6] = 0;
        buffer[offset + 7] = 0;
        for (int i = 0; i < ad.AddressCount; i++)
        {
            WriteUInt32(buffer, offset + 8 + 4 * i, ad.Addresses[i]);
        }

        int sum = Checksum(buffer, offset, length, source, destination, mode);
        buffer[offset + 6] = (byte)(sum >> 8);
        buffer[offset + 7] = (byte)sum;
        return length;
    }

    /// <summary>Validates and decodes a received advertisement.</summary>
    /// <param name="packet">The VRRP message (after the IP header).</param>
    /// <param name="offset">Where it starts.</param>
    /// <param name="length">Its length.</param>
    /// <param name="source">IP source, host order.</param>
    /// <param name="destination">IP destination, host order.</param>
    /// <param name="ttl">IP TTL; must be 255.</param>
    /// <param name="vrid">The virtual router this instance serves.</param>
    /// <param name="mode">Checksum mode.</param>
    /// <param name="into">Receives the fields when accepted.</param>
    /// <returns><see cref="VrrpDropReason.None"/> when accepted, else why not.</returns>
    public static VrrpDropReason Decode(byte[] packet, int offset, int length, uint source, uint destination, int ttl, int vrid, VrrpChecksum mode, VrrpAdvertisement into)
    {
        if (length < 8)
        {
            return VrrpDropReason.TooShort;
        }

        if (ttl != 255)
        {
            return VrrpDropReason.BadTtl;
        }

        if ((packet[offset] >> 4) != 3)
        {
            return VrrpDropReason.BadVersion;
        }

        if ((packet[offset] & 0x0F) != 1)
        {
            return VrrpDropReason.BadType;
        }

        if (packet[offset + 1] != vrid)
        {
            return VrrpDropReason.WrongVrid;
        }

        int count = packet[offset + 3];
        if (length != 8 + 4 * count || count > VrrpAdvertisement.MaxAddresses)
        {
            return VrrpDropReason.BadLength;
        }

        if (Checksum(packet, offset, length, source, destination, mode) != 0)
        {
            return VrrpDropReason.BadChecksum;
        }

        int interval = ((packet[offset + 4] & 0x0F) << 8) | packet[offset + 5];
        if (interval == 0)
        {
            return VrrpDropReason.BadInterval;
        }

        into.Vrid = vrid;
        into.Priority = packet[offset + 2];
        into.IntervalCs = interval;
        into.AddressCount = count;
        into.Source = source;
        for (int i = 0; i < count; i++)
        {
            into.Addresses[i] = ReadUInt32(packet, offset + 8 + 4 * i);
        }

        return VrrpDropReason.None;
    }

    /// <summary>
    /// The Internet checksum (RFC 1071) over the message, preceded by the IPv4 pseudo-header in
    /// <see cref="VrrpChecksum.Rfc"/> mode. Over a message whose checksum field is filled in, 0 means valid.
    /// </summary>
    /// <param name="data">The message.</param>
    /// <param name="offset">Where it starts.</param>
    /// <param name="length">Its length.</param>
    /// <param name="source">IP source, host order.</param>
    /// <param name="destination">IP destination, host order.</param>
    /// <param name="mode">Checksum mode.</param>
    /// <returns>The 16-bit one's complement of the one's complement sum.</returns>
    public static int Checksum(byte[] data, int offset, int length, uint source, uint destination, VrrpChecksum mode)
    {
        long sum = 0;
        if (mode == VrrpChecksum.Rfc)
        {
            sum += (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + Protocol + length;
        }

        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += (data[offset + i] << 8) | data[offset + i + 1];
        }

        if (i < length)
        {
            sum += data[offset + i] << 8;
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (int)(~sum & 0xFFFF);
    }

    private static void WriteUInt32(byte[] buffer, int at, uint value)
    {
        buffer[at] = (byte)(value >> 24);
        buffer[at + 1] = (byte)(value >> 16);
        buffer[at + 2] = (byte)(value >> 8);
        buffer[at + 3] = (byte)value;
    }

    private static uint ReadUInt32(byte[] buffer, int at)
    {
        return ((uint)buffer[at] << 24) | ((uint)buffer[at + 1] << 16) | ((uint)buffer[at + 2] << 8) | buffer[at + 3];
    }
}
