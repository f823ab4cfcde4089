using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>The tunnel's wire format and AEAD, byte for byte, and what it refuses.</summary>
public class TunnelCodecTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] s_inner = Convert.FromHexString("4500001c000040004011000000000000");

    // Computed with Python's cryptography (AESGCM) from the same key, nonce 00000000 || counter, header as AAD.
    private const string Sealed = "010102000a0b0c0d000000000000000100000007000000030102030450d6bfe044f4701e4e3f5139eca63af7ea9ef7c12df34033fda47ec5140ff7af";

    private static TunnelHeader Header => new(TunnelPacketType.Data, TunnelHeader.Duplicated, 2, 0, 0, 7, 3, 0x01020304);

    private static byte[] Seal(TunnelCipher cipher, TunnelHeader header, byte[] payload)
    {
        byte[] packet = new byte[payload.Length + TunnelCipher.Overhead];
        Assert.Equal(packet.Length, cipher.Seal(header, payload, packet));
        return packet;
    }

    [Fact]
    public void A_sealed_packet_is_the_header_then_aes_gcm_of_the_payload_with_the_header_as_associated_data()
    {
        using TunnelCipher client = new(s_key, 0x0A0B0C0D, isServer: false, firstCounter: 1);
        Assert.Equal(Sealed, Convert.ToHexStringLower(Seal(client, Header, s_inner)));
    }

    [Fact]
    public void An_end_that_restarts_under_the_same_key_seals_above_its_last_run_and_its_peer_takes_it()
    {
        using TunnelCipher server = new(s_key, 0x0A0B0C0D, isServer: true);
        byte[] payload = new byte[s_inner.Length + TunnelCipher.Overhead];
        TunnelHeader last = default;
        using (TunnelCipher firstRun = new(s_key, 0x0A0B0C0D, isServer: false))
        {
            for (int i = 0; i < 10_000; i++)
            {
                Assert.Equal(TunnelOpenResult.Ok, server.Open(Seal(firstRun, Header, s_inner), payload, out last, out _));
            }
        }

        // Restarted at once: a counter from 1 again would reuse the first run's nonces, and the server would refuse it as a replay.
        using TunnelCipher secondRun = new(s_key, 0x0A0B0C0D, isServer: false);
        Assert.Equal(TunnelOpenResult.Ok, server.Open(Seal(secondRun, Header, s_inner), payload, out TunnelHeader first, out _));
        Assert.True(first.Counter > last.Counter, $"the second run's first counter {first.Counter} is not above the first run's last {last.Counter}");
    }

    [Fact]
    public void The_other_end_opens_it_once_and_refuses_copies_forgeries_and_strangers()
    {
        using TunnelCipher client = new(s_key, 0x0A0B0C0D, isServer: false, firstCounter: 1);
        using TunnelCipher server = new(s_key, 0x0A0B0C0D, isServer: true);
        byte[] packet = Seal(client, Header, s_inner);
        byte[] payload = new byte[packet.Length];

        Assert.Equal(TunnelOpenResult.Ok, server.Open(packet, payload, out TunnelHeader header, out int length));
        Assert.Equal(Header with { Session = 0x0A0B0C0D, Counter = 1 }, header);
        Assert.Equal(s_inner, payload[..length]);
        Assert.Equal(TunnelOpenResult.Replayed, server.Open(packet, payload, out _, out _));

        byte[] next = Seal(client, Header with { GlobalSeq = 8 }, s_inner);
        foreach (int at in new[] { 2, 20, TunnelHeader.Size, next.Length - 1 })
        {
            // A flipped bit anywhere, header included, fails the tag (and is not taken as seen).
            byte[] tampered = (byte[])next.Clone();
            tampered[at] ^= 0x10;
            Assert.Equal(TunnelOpenResult.Forged, server.Open(tampered, payload, out _, out _));
        }

        Assert.Equal(TunnelOpenResult.Ok, server.Open(next, payload, out _, out _));
        using TunnelCipher otherSite = new(s_key, 99, isServer: false);
        Assert.Equal(TunnelOpenResult.WrongSession, server.Open(Seal(otherSite, Header, s_inner), payload, out _, out _));
        using TunnelCipher otherKey = new(new byte[32], 0x0A0B0C0D, isServer: false);
        for (int i = 0; i < 5; i++)
        {
            // Past the counters the server has seen, so the tag is what refuses it.
            Seal(otherKey, Header, s_inner);
        }

        Assert.Equal(TunnelOpenResult.Forged, server.Open(Seal(otherKey, Header, s_inner), payload, out _, out _));
        // Its own packets reflected back do not open: the directions use different nonces.
        Assert.Equal(TunnelOpenResult.Forged, client.Open(Seal(client, Header, s_inner), payload, out _, out _));
    }

    [Fact]
    public void Headers_name_what_is_wrong()
    {
        Assert.False(TunnelHeader.TryRead(new byte[27], out _, out string? error));
        Assert.Equal("27 bytes: a tunnel packet has at least the 28-byte header", error);
        byte[] bytes = new byte[28];
        bytes[0] = 9;
        Assert.False(TunnelHeader.TryRead(bytes, out _, out error));
        Assert.Equal("packet type 9: 1 (data), 2 (keepalive), 3 (feedback), 4 (probe) or 5 (probe acknowledgement) are allowed", error);
        bytes[0] = 2;
        bytes[1] = 0x80;
        Assert.False(TunnelHeader.TryRead(bytes, out _, out error));
        Assert.StartsWith("flags 0x80: only flag 0x01", error, StringComparison.Ordinal);
        bytes[1] = 0;
        Assert.True(TunnelHeader.TryRead(bytes, out TunnelHeader keepalive, out _));
        Assert.Equal(TunnelPacketType.Keepalive, keepalive.Type);
    }

    [Fact]
    public void Random_bytes_never_open_and_never_throw()
    {
        using TunnelCipher server = new(s_key, 0x0A0B0C0D, isServer: true);
        Random random = new(7);
        byte[] payload = new byte[2000];
        byte[] valid = Convert.FromHexString(Sealed);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= TunnelHeader.Size)
            {
                // Half of them with a valid header, so the tag check itself is exercised.
                valid.AsSpan(0, TunnelHeader.Size).CopyTo(bytes);
            }

            Assert.NotEqual(TunnelOpenResult.Ok, server.Open(bytes, payload, out _, out _));
        }
    }

    [Fact]
    public void Replay_window_takes_reordered_counters_once_and_refuses_the_too_old()
    {
        ReplayWindow window = new();
        Random random = new(3);
        HashSet<ulong> accepted = [];
        ulong newest = 0;
        for (int i = 0; i < 50_000; i++)
        {
            // Counters arrive up to 3000 out of order, some twice, with an occasional long jump.
            ulong counter = i % 10_000 == 9_999 ? newest + 100_000 : (ulong)Math.Max(1, (long)newest + random.Next(-3000, 50));
            bool fresh = window.IsFresh(counter);
            bool expected = !accepted.Contains(counter) && (counter > newest || newest - counter < ReplayWindow.Size);
            Assert.Equal(expected, fresh);
            if (fresh)
            {
                window.Accept(counter);
                accepted.Add(counter);
                newest = Math.Max(newest, counter);
            }
        }
    }
}
