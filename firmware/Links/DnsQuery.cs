using System;

namespace NfBond.Firmware.Links;

/// <summary>
/// The one DNS message a probe needs: a recursive query for a name's A record (RFC 1035 section 4),
/// and a check that a datagram is the answer to it. Any answer counts, even NXDOMAIN: the resolver
/// was reached through the link. Plain code, so the Linux and nanoFramework probes share it.
/// </summary>
public static class DnsQuery
{
    /// <summary>Builds a query.</summary>
    /// <param name="id">The message ID the answer must carry.</param>
    /// <param name="name">The name to look up, e.g. "example.com" (ASCII).</param>
    /// <returns>The message bytes.</returns>
    /// <exception cref="ArgumentException">A label is empty inside the name, longer than 63 characters, or not ASCII.</exception>
    public static byte[] Build(ushort id, string name)
    {
        int end = name.Length > 0 && name[name.Length - 1] == '.' ? name.Length - 1 : name.Length;
        byte[] message = new byte[12 + end + 2 + 4];
        message[0] = (byte)(id >> 8);
        message[1] = (byte)id;
        message[2] = 0x01; // RD: ask for recursion
        message[5] = 1; // QDCOUNT
        int at = 12;
        int start = 0;
        for (int i = 0; i <= end; i++)
        {
            if (i < end && name[i] != '.')
            {
                if (name[i] > 0x7E)
                {
                    throw new ArgumentException("DNS name \"" + name + "\" is not ASCII");
                }

                continue;
            }

            int length = i - start;
            if (length == 0 || length > 63)
            {
                throw new ArgumentException("DNS name \"" + name + "\" has a label of " + length.ToString() + " characters; 1 to 63 are allowed");
            }

            message[at++] = (byte)length;
            for (int j = start; j < i; j++)
            {
                message[at++] = (byte)name[j];
            }

            start = i + 1;
        }

        message[at++] = 0;
        message[at + 1] = 1; // QTYPE A
        message[at + 3] = 1; // QCLASS IN
        return message;
    }

    /// <summary>Checks that a datagram is a response to the query with <paramref name="id"/>.</summary>
    /// <param name="datagram">The received bytes.</param>
    /// <param name="length">How many were received.</param>
    /// <param name="id">The query's ID.</param>
    /// <returns>True if it is a response (QR set) with that ID.</returns>
    public static bool IsAnswerTo(byte[] datagram, int length, ushort id)
    {
        return length >= 12 && ((datagram[0] << 8) | datagram[1]) == id && (datagram[2] & 0x80) != 0;
    }
}
