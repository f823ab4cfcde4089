namespace NfBond.Firmware.Runtime;

/// <summary>
/// SNTP (RFC 4330) as the device's wall clock needs it: a client request, and the server's transmit
/// time from its answer. Plain code: the nanoFramework clock sends it over a UDP socket.
/// </summary>
public static class SntpPacket
{
    /// <summary>The packet length.</summary>
    public const int Length = 48;

    /// <summary>Seconds from the NTP epoch (1900) to the Unix epoch (1970).</summary>
    public const long NtpToUnixSeconds = 2208988800;

    /// <summary>Fills <paramref name="packet"/> with a client request (version 4, mode 3).</summary>
    /// <param name="packet">At least <see cref="Length"/> bytes; the first 48 are overwritten.</param>
    public static void WriteRequest(byte[] packet)
    {
        for (int i = 0; i < Length; i++)
        {
            packet[i] = 0;
        }

        packet[0] = (4 << 3) | 3;
    }

    /// <summary>Reads the server's transmit time from an answer.</summary>
    /// <param name="packet">The received datagram.</param>
    /// <param name="length">Its length.</param>
    /// <param name="utcMs">The time, milliseconds since 1970-01-01 UTC.</param>
    /// <returns>Null when it is a usable server answer, else why not.</returns>
    public static string? ReadTransmitTime(byte[] packet, int length, out long utcMs)
    {
        utcMs = 0;
        if (length < Length)
        {
            return "answer of " + length.ToString() + " bytes; an SNTP packet has 48";
        }

        int mode = packet[0] & 7;
        if (mode != 4 && mode != 5)
        {
            return "mode " + mode.ToString() + " is not a server's answer (4) or broadcast (5)";
        }

        int stratum = packet[1];
        if (stratum == 0 || stratum > 15)
        {
            return "stratum " + stratum.ToString() + " (kiss-o'-death or unsynchronised server)";
        }

        long seconds = ((long)packet[40] << 24) | ((long)packet[41] << 16) | ((long)packet[42] << 8) | packet[43];
        long fraction = ((long)packet[44] << 24) | ((long)packet[45] << 16) | ((long)packet[46] << 8) | packet[47];
        if (seconds == 0 && fraction == 0)
        {
            return "transmit time is zero";
        }

        // Era 0 ends in 2036: values below 1970's offset belong to era 1.
        if (seconds < NtpToUnixSeconds)
        {
            seconds += 0x100000000L;
        }

        utcMs = ((seconds - NtpToUnixSeconds) * 1000) + ((fraction * 1000) >> 32);
        return null;
    }
}
