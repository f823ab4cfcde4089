using System;
using System.Buffers.Binary;
using System.Text;

namespace NfBond.Hal.Linux;

/// <summary>
/// The one DNS message a probe needs: a recursive query for a name's A record (RFC 1035 section 4),
/// and a check that a datagram is the answer to it. Any answer counts, even NXDOMAIN: the resolver
/// was reached through the link.
/// </summary>
public static class DnsQuery
{
    /// <summary>Builds a query.</summary>
    /// <param name="id">The message ID the answer must carry.</param>
    /// <param name="name">The name to look up, e.g. "example.com".</param>
    /// <returns>The message bytes.</returns>
    public static byte[] Build(ushort id, string name)
    {
        string[] labels = name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        int length = 12 + 1 + 4;
        foreach (string label in labels)
        {
            if (label.Length > 63)
            {
                throw new ArgumentException($"DNS label '{label}' is longer than 63 characters", nameof(name));
            }

            length += 1 + label.Length;
        }

        byte[] message = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(message, id);
        message[2] = 0x01; // RD: ask for recursion
        message[5] = 1; // QDCOUNT
        int at = 12;
        foreach (string label in labels)
        {
            message[at++] = (byte)label.Length;
            at += Encoding.ASCII.GetBytes(label, 0, label.Length, message, at);
        }

        message[at++] = 0;
        message[at + 1] = 1; // QTYPE A
        message[at + 3] = 1; // QCLASS IN
        return message;
    }

    /// <summary>Checks that a datagram is a response to the query with <paramref name="id"/>.</summary>
    /// <param name="datagram">The received bytes.</param>
    /// <param name="id">The query's ID.</param>
    /// <returns>True if it is a response (QR set) with that ID.</returns>
    public static bool IsAnswerTo(ReadOnlySpan<byte> datagram, ushort id)
    {
        return datagram.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(datagram) == id && (datagram[2] & 0x80) != 0;
    }
}
