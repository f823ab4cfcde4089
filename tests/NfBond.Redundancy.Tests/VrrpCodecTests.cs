using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Text;

namespace NfBond.Redundancy.Tests;

public class VrrpCodecTests
{
    private const uint Source = 0xC0A83202; // 192.168.50.2
    private const uint Vip = 0xC0A832FE; // 192.168.50.254

    private static VrrpAdvertisement Ad(int priority = 100, int intervalCs = 100)
    {
        VrrpAdvertisement ad = new() { Vrid = 51, Priority = priority, IntervalCs = intervalCs, AddressCount = 1 };
        ad.Addresses[0] = Vip;
        return ad;
    }

    [Theory]
    [InlineData(VrrpChecksum.Rfc, 0xA3, 0x86)]
    [InlineData(VrrpChecksum.WithoutPseudoHeader, 0x76, 0xC0)]
    public void Advertisement_bytes_follow_rfc_5798(VrrpChecksum mode, byte hi, byte lo)
    {
        byte[] buffer = new byte[64];
        int n = VrrpCodec.Encode(Ad(), buffer, 0, Source, VrrpCodec.MulticastGroup, mode);
        Assert.Equal(new byte[] { 0x31, 51, 100, 1, 0x00, 100, hi, lo, 192, 168, 50, 254 }, buffer[..n]);
    }

    [Fact]
    public void Intervals_use_twelve_bits_of_centiseconds()
    {
        byte[] buffer = new byte[64];
        VrrpCodec.Encode(Ad(intervalCs: 4095), buffer, 0, Source, VrrpCodec.MulticastGroup, VrrpChecksum.Rfc);
        Assert.Equal(0x0F, buffer[4]);
        Assert.Equal(0xFF, buffer[5]);
        VrrpAdvertisement back = new();
        Assert.Equal(VrrpDropReason.None, VrrpCodec.Decode(buffer, 0, 12, Source, VrrpCodec.MulticastGroup, 255, 51, VrrpChecksum.Rfc, back));
        Assert.Equal(4095, back.IntervalCs);
    }

    [Fact]
    public void Every_invalid_field_has_its_own_reason()
    {
        byte[] good = new byte[12];
        VrrpCodec.Encode(Ad(), good, 0, Source, VrrpCodec.MulticastGroup, VrrpChecksum.Rfc);
        VrrpAdvertisement into = new();
        VrrpDropReason Decode(byte[] p, int length = 12, int ttl = 255, int vrid = 51, VrrpChecksum mode = VrrpChecksum.Rfc, uint dst = VrrpCodec.MulticastGroup)
            => VrrpCodec.Decode(p, 0, length, Source, dst, ttl, vrid, mode, into);
        byte[] Mutated(int at, byte value)
        {
            byte[] p = (byte[])good.Clone();
            p[at] = value;
            return p;
        }

        Assert.Equal(VrrpDropReason.None, Decode(good));
        Assert.Equal(VrrpDropReason.TooShort, Decode(good, length: 7));
        Assert.Equal(VrrpDropReason.BadTtl, Decode(good, ttl: 254));
        Assert.Equal(VrrpDropReason.BadVersion, Decode(Mutated(0, 0x21)));
        Assert.Equal(VrrpDropReason.BadType, Decode(Mutated(0, 0x32)));
        Assert.Equal(VrrpDropReason.WrongVrid, Decode(good, vrid: 52));
        Assert.Equal(VrrpDropReason.BadLength, Decode(Mutated(3, 2)));
        Assert.Equal(VrrpDropReason.BadChecksum, Decode(Mutated(11, 253)));
        Assert.Equal(VrrpDropReason.BadChecksum, Decode(good, mode: VrrpChecksum.WithoutPseudoHeader));
        Assert.Equal(VrrpDropReason.BadChecksum, Decode(good, dst: 0xC0A83203));
    }

    [Fact]
    public void Random_and_mutated_packets_never_throw_and_only_valid_ones_pass()
    {
        Random random = new(5798);
        byte[] good = new byte[12];
        VrrpCodec.Encode(Ad(), good, 0, Source, VrrpCodec.MulticastGroup, VrrpChecksum.Rfc);
        VrrpAdvertisement into = new();
        for (int round = 0; round < 100_000; round++)
        {
            byte[] p;
            if (round % 2 == 0)
            {
                p = new byte[random.Next(0, 80)];
                random.NextBytes(p);
            }
            else
            {
                p = (byte[])good.Clone();
                p[random.Next(p.Length)] ^= (byte)(1 << random.Next(8));
            }

            VrrpDropReason reason = VrrpCodec.Decode(p, 0, p.Length, Source, VrrpCodec.MulticastGroup, 255, 51, VrrpChecksum.Rfc, into);
            if (round % 2 == 1)
            {
                // One flipped bit always breaks the checksum or a checked field.
                Assert.NotEqual(VrrpDropReason.None, reason);
            }
        }
    }

    [Theory]
    [InlineData("192.168.50.254", 0xC0A832FEu)]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    public void Ip4_round_trips(string text, uint value)
    {
        Assert.True(Ip4.TryParse(text, out uint parsed));
        Assert.Equal(value, parsed);
        Assert.Equal(text, Ip4.Format(value));
    }

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.1.1")]
    [InlineData("1.1.1.-1")]
    [InlineData("a.b.c.d")]
    [InlineData("1..1.1")]
    public void Ip4_rejects_junk(string text) => Assert.False(Ip4.TryParse(text, out _));
}
