using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Seals and opens one site's tunnel packets with AES-256-GCM: the header is associated data, the payload
/// is encrypted, and a 16-byte tag follows. The nonce is the direction and the header's counter, so each
/// end counts its own packets and no nonce repeats under the site's key; a replay window drops copies.
/// </summary>
/// <remarks>Sealing and opening may run at once on two threads (each has its own AES state); two seals, or two opens, may not.</remarks>
public sealed class TunnelCipher : IDisposable
{
    /// <summary>The tag's length in bytes.</summary>
    public const int TagSize = 16;

    /// <summary>Bytes a packet adds to its payload.</summary>
    public const int Overhead = TunnelHeader.Size + TagSize;

    private readonly AesGcm _sealing;
    private readonly AesGcm _opening;
    private readonly uint _session;
    private readonly uint _sendDirection;
    private readonly ReplayWindow _replay = new();
    private readonly CounterFloor? _floor;
    private ulong _counter;

    /// <summary>Creates a cipher for one end of a session.</summary>
    /// <param name="key">The site's 32-byte key.</param>
    /// <param name="session">The session number both ends know the key by.</param>
    /// <param name="isServer">Which end this is: the two directions use different nonces.</param>
    /// <param name="firstCounter">The first packet's counter; by default <see cref="ClockCounter"/>, above every counter an earlier run of this end sealed.</param>
    /// <param name="floor">Where this end keeps its counters' floor across restarts, so they stay above earlier runs' even when the clock went back; null to trust the clock.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">The floor's file is unreadable or cannot be written.</exception>
    public TunnelCipher(ReadOnlySpan<byte> key, uint session, bool isServer, ulong? firstCounter = null, CounterFloor? floor = null)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"a tunnel key is 32 bytes (AES-256), not {key.Length}", nameof(key));
        }

        _sealing = new AesGcm(key, TagSize);
        _opening = new AesGcm(key, TagSize);
        _session = session;
        _sendDirection = isServer ? 1u : 0u;
        _floor = floor;
        ulong first = firstCounter ?? ClockCounter();
        _counter = (floor != null ? floor.Start(first) : first) - 1;
        Run = floor?.Run ?? (byte)Random.Shared.Next(1, 256);
    }

    /// <summary>
    /// Gets a counter above every one an earlier run of this end sealed: the wall clock in µs times 256 (no run
    /// seals 256 packets a µs). An end that restarts under the same key so never reuses a nonce (which would
    /// give away GCM's authentication key), and the peer's replay window takes its packets, being above all it
    /// has seen. It holds while the clock does not go back across a restart; a <see cref="CounterFloor"/> removes
    /// that condition.
    /// </summary>
    /// <returns>The counter.</returns>
    public static ulong ClockCounter() => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10 * 256;

    /// <summary>Gets this run's number for the headers' run byte: one more than the last run's with a <see cref="CounterFloor"/>, else drawn at random (1 to 255).</summary>
    public byte Run { get; }

    /// <summary>Gets the session.</summary>
    public uint Session => _session;

    /// <summary>Seals a packet: the header's session and counter are this cipher's, the rest the caller's.</summary>
    /// <param name="header">Type, flags, path and sequence numbers.</param>
    /// <param name="payload">The inner packet (or feedback), possibly empty.</param>
    /// <param name="packet">Receives the packet; at least <paramref name="payload"/>'s length plus <see cref="Overhead"/>.</param>
    /// <returns>The packet's length.</returns>
    public int Seal(TunnelHeader header, ReadOnlySpan<byte> payload, Span<byte> packet)
    {
        TunnelHeader sealedHeader = header with { Session = _session, Counter = ++_counter };
        if (_floor != null && _counter >= _floor.ReservedUntil)
        {
            _floor.Reserve(_counter);
        }

        sealedHeader.Write(packet);
        Span<byte> nonce = stackalloc byte[12];
        Nonce(_sendDirection, sealedHeader.Counter, nonce);
        _sealing.Encrypt(nonce, payload, packet.Slice(TunnelHeader.Size, payload.Length), packet.Slice(TunnelHeader.Size + payload.Length, TagSize), packet[..TunnelHeader.Size]);
        return payload.Length + Overhead;
    }

    /// <summary>Opens a received packet; nothing is accepted that did not authenticate.</summary>
    /// <param name="packet">The packet as received.</param>
    /// <param name="payload">Receives the payload; at least the packet's length minus <see cref="Overhead"/>.</param>
    /// <param name="header">The header, when the result is <see cref="TunnelOpenResult.Ok"/>.</param>
    /// <param name="length">The payload's length, when the result is <see cref="TunnelOpenResult.Ok"/>.</param>
    /// <returns>What the packet was.</returns>
    public TunnelOpenResult Open(ReadOnlySpan<byte> packet, Span<byte> payload, out TunnelHeader header, out int length)
    {
        length = 0;
        if (packet.Length < Overhead || !TunnelHeader.TryRead(packet, out header, out _))
        {
            header = default;
            return TunnelOpenResult.Malformed;
        }

        if (header.Session != _session)
        {
            return TunnelOpenResult.WrongSession;
        }

        if (!_replay.IsFresh(header.Counter))
        {
            return TunnelOpenResult.Replayed;
        }

        int size = packet.Length - Overhead;
        Span<byte> nonce = stackalloc byte[12];
        Nonce(1 - _sendDirection, header.Counter, nonce);
        try
        {
            _opening.Decrypt(nonce, packet.Slice(TunnelHeader.Size, size), packet.Slice(TunnelHeader.Size + size, TagSize), payload[..size], packet[..TunnelHeader.Size]);
        }
        catch (AuthenticationTagMismatchException)
        {
            payload[..size].Clear();
            return TunnelOpenResult.Forged;
        }

        _replay.Accept(header.Counter);
        length = size;
        return TunnelOpenResult.Ok;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sealing.Dispose();
        _opening.Dispose();
    }

    private static void Nonce(uint direction, ulong counter, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, direction);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
    }
}
