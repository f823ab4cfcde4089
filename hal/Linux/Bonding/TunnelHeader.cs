using System;
using System.Buffers.Binary;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// The clear part of a tunnel packet, authenticated (not encrypted) with its payload. Big-endian:
/// type (1 byte), flags (1), path (1), 0 (1), session (4), counter (8), global sequence (4), path sequence (4),
/// send time in µs of the sender's clock (4).
/// </summary>
/// <param name="Type">What the packet carries.</param>
/// <param name="Flags">Bit flags (<see cref="Duplicated"/>).</param>
/// <param name="Path">The sender's path the packet went on.</param>
/// <param name="Session">The site's session: tells the server whose key opens it.</param>
/// <param name="Counter">Unique per packet sent in a direction: the AEAD nonce and the replay check.</param>
/// <param name="GlobalSeq">The inner packet's number in the tunnel; both copies of a duplicated packet share it.</param>
/// <param name="PathSeq">The packet's number on its path: a gap is a loss on that path.</param>
/// <param name="SentUs">When it was sent, µs of the sender's clock (wraps); only differences between paths are used.</param>
/// <param name="Run">The sender's run (random per start, not 0): a new one tells the receiver the sender restarted and numbers from 1 again.</param>
public readonly record struct TunnelHeader(TunnelPacketType Type, byte Flags, byte Path, uint Session, ulong Counter, uint GlobalSeq, uint PathSeq, uint SentUs, byte Run = 0)
{
    /// <summary>The header's length in bytes.</summary>
    public const int Size = 28;

    /// <summary>Flag: the packet was sent on two paths (a real-time flow); the first copy wins.</summary>
    public const byte Duplicated = 1;

    /// <summary>Writes the header.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)Type;
        destination[1] = Flags;
        destination[2] = Path;
        destination[3] = Run;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Session);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Counter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], GlobalSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PathSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], SentUs);
    }

    /// <summary>Reads a header.</summary>
    /// <param name="source">A received packet.</param>
    /// <param name="header">The header, when it is one.</param>
    /// <param name="error">What is wrong, when it is not.</param>
    /// <returns>Whether the bytes start with a well-formed header.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out TunnelHeader header, out string? error)
    {
        header = default;
        if (source.Length < Size)
        {
            error = $"{source.Length} bytes: a tunnel packet has at least the {Size}-byte header";
            return false;
        }

        if (source[0] is < (byte)TunnelPacketType.Data or > (byte)TunnelPacketType.ProbeAck)
        {
            error = $"packet type {source[0]}: 1 (data), 2 (keepalive), 3 (feedback), 4 (probe) or 5 (probe acknowledgement) are allowed";
            return false;
        }

        if ((source[1] & ~Duplicated) != 0)
        {
            error = $"flags 0x{source[1]:x2}: only flag 0x01 (duplicated) is defined";
            return false;
        }

        header = new TunnelHeader((TunnelPacketType)source[0], source[1], source[2], BinaryPrimitives.ReadUInt32BigEndian(source[4..]), BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]), BinaryPrimitives.ReadUInt32BigEndian(source[20..]), BinaryPrimitives.ReadUInt32BigEndian(source[24..]), source[3]);
        error = null;
        return true;
    }
}
