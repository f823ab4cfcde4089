using NfBond.Firmware.Runtime;

namespace NfBond.Firmware.Tests;

/// <summary>The device's SNTP request and answer decoding, byte for byte (RFC 4330).</summary>
public class SntpPacketTests
{
    private static byte[] Answer(DateTimeOffset time, byte mode = 4, byte stratum = 2)
    {
        byte[] packet = new byte[48];
        packet[0] = (byte)((4 << 3) | mode);
        packet[1] = stratum;
        long unixMs = time.ToUnixTimeMilliseconds();
        ulong seconds = (ulong)(unixMs / 1000 + SntpPacket.NtpToUnixSeconds) & 0xFFFFFFFF;
        ulong fraction = (ulong)(unixMs % 1000) * 0x100000000UL / 1000 + 1;
        for (int i = 0; i < 4; i++)
        {
            packet[40 + i] = (byte)(seconds >> (24 - 8 * i));
            packet[44 + i] = (byte)(fraction >> (24 - 8 * i));
        }

        return packet;
    }

    [Fact]
    public void The_request_is_48_bytes_version_4_client_mode()
    {
        byte[] packet = Enumerable.Repeat((byte)0xFF, 48).ToArray();
        SntpPacket.WriteRequest(packet);
        Assert.Equal(0x23, packet[0]);
        Assert.All(packet.Skip(1), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData("2026-12-02T13:45:07.250Z")]
    [InlineData("1970-01-01T00:00:00.001Z")]
    [InlineData("2036-02-07T06:28:16.000Z")] // the first second of NTP era 1
    [InlineData("2100-06-30T23:59:59.999Z")]
    public void The_servers_transmit_time_is_read_to_the_millisecond(string when)
    {
        DateTimeOffset time = DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture);
        byte[] answer = Answer(time);
        Assert.Null(SntpPacket.ReadTransmitTime(answer, answer.Length, out long utcMs));
        Assert.Equal(time.ToUnixTimeMilliseconds(), utcMs);
    }

    [Fact]
    public void Unusable_answers_are_refused_with_the_reason()
    {
        byte[] good = Answer(DateTimeOffset.UnixEpoch.AddDays(20000));
        Assert.Equal("answer of 47 bytes; an SNTP packet has 48", SntpPacket.ReadTransmitTime(good, 47, out _));
        byte[] client = Answer(DateTimeOffset.UnixEpoch.AddDays(20000), mode: 3);
        Assert.Equal("mode 3 is not a server's answer (4) or broadcast (5)", SntpPacket.ReadTransmitTime(client, 48, out _));
        byte[] kiss = Answer(DateTimeOffset.UnixEpoch.AddDays(20000), stratum: 0);
        Assert.Equal("stratum 0 (kiss-o'-death or unsynchronised server)", SntpPacket.ReadTransmitTime(kiss, 48, out _));
    }
}
