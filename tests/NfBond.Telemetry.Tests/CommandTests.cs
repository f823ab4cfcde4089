using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NfBond.Firmware.Telemetry;
using NfBond.Hal.Linux;

namespace NfBond.Telemetry.Tests;

public class CommandTests
{
    internal static readonly byte[] Secret = Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    /// <summary>Signs a command the way the owner's tooling does (see docs/protocol.md).</summary>
    internal static byte[] Signed(string id, string device, string cmd, long ts, string args = "{}", byte[]? secret = null)
    {
        string body = $"{{\"id\":\"{id}\",\"device\":\"{device}\",\"cmd\":\"{cmd}\",\"ts\":{ts},\"args\":{args}}}";
        string sig = Convert.ToHexString(HMACSHA256.HashData(secret ?? Secret, Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { body, sig }));
    }

    private static readonly long s_now = 1_795_000_000_000;

    private static string? Verify(CommandVerifier v, byte[] payload) => v.Verify(payload, s_now, out _, out _);

    [Fact]
    public void A_signed_fresh_command_for_this_device_is_accepted_once()
    {
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000);
        byte[] command = Signed("c-1", "dev1", "run_drill", s_now - 5000, "{\"link\":\"fiber\",\"seconds\":10}");
        Assert.Null(v.Verify(command, s_now, out TelemetryCommand? accepted, out string id));
        Assert.Equal("c-1", id);
        Assert.Equal("run_drill", accepted!.Name);
        Assert.Equal("fiber", accepted.Args!.Get("link"));
        Assert.Equal("replayed: command \"c-1\" was already accepted", Verify(v, command));
    }

    [Fact]
    public void Every_other_command_is_rejected_with_the_reason()
    {
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000);
        Assert.StartsWith("not a JSON object", Verify(v, Encoding.UTF8.GetBytes("reboot now")));
        Assert.StartsWith("missing \"body\" or \"sig\"", Verify(v, Encoding.UTF8.GetBytes("{\"body\":\"{}\"}")));
        Assert.StartsWith("\"sig\" must be 64 hex digits", Verify(v, Encoding.UTF8.GetBytes("{\"body\":\"{}\",\"sig\":\"12\"}")));
        Assert.Equal("bad signature: not signed with this device's secret", Verify(v, Signed("c-2", "dev1", "reboot", s_now, secret: new byte[32])));
        Assert.Equal("addressed to device \"dev2\", this is \"dev1\"", Verify(v, Signed("c-3", "dev2", "reboot", s_now)));
        Assert.Equal("outside the replay window: issued -600 s from the device clock, allowed +-300 s", Verify(v, Signed("c-4", "dev1", "reboot", s_now - 600_000)));

        byte[] tampered = Signed("c-5", "dev1", "reboot", s_now);
        string text = Encoding.UTF8.GetString(tampered).Replace("reboot", "resync");
        Assert.Equal("bad signature: not signed with this device's secret", Verify(v, Encoding.UTF8.GetBytes(text)));
    }
}
