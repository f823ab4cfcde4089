using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NfBond.Firmware.Telemetry;
using NfBond.Hal.Linux;
using NfBond.Simulation;

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
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000, null);
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
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000, null);
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

    [Fact]
    public void A_captured_command_stays_refused_after_64_other_commands_and_until_its_window_ends()
    {
        // Regression (issue 17, F6): the verifier remembered only the last 64 IDs.
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000, null);
        byte[] captured = Signed("c-captured", "dev1", "reboot", s_now);
        Assert.Null(Verify(v, captured));
        for (int i = 0; i < 80; i++)
        {
            long now = s_now + 1000 + (i * 20_000);
            Assert.Null(v.Verify(Signed($"c-{i}", "dev1", "resync", now), now, out _, out _));
            if (now <= s_now + 300_000)
            {
                Assert.Equal("replayed: command \"c-captured\" was already accepted", v.Verify(captured, now, out _, out _));
            }
        }

        // Past its window the command is refused for its age, however many came between.
        Assert.StartsWith("outside the replay window", v.Verify(captured, s_now + 300_001, out _, out _));
    }

    [Fact]
    public void The_replay_memory_survives_a_restart_through_storage()
    {
        MemoryStorage flash = new();
        CommandVerifier before = new(new HmacSha256(), Secret, "dev1", 300_000, flash);
        byte[] captured = Signed("c-9f3a01b2c4d5", "dev1", "reboot", s_now - 23_000);
        Assert.Null(before.Verify(captured, s_now - 20_000, out _, out _));

        CommandVerifier restarted = new(new HmacSha256(), Secret, "dev1", 300_000, flash);
        Assert.Equal("", restarted.LastStorageError);
        Assert.Equal("replayed: command \"c-9f3a01b2c4d5\" was already accepted", Verify(restarted, captured));
        Assert.Null(Verify(restarted, Signed("c-other", "dev1", "reboot", s_now)));
    }

    [Fact]
    public void More_than_the_rate_limit_within_one_window_is_refused_with_the_wait()
    {
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000, null);
        for (int i = 0; i < CommandVerifier.MaxPerWindow; i++)
        {
            Assert.Null(Verify(v, Signed($"c-{i}", "dev1", "resync", s_now)));
        }

        Assert.Equal("rate limit: 16 commands accepted within the replay window; the oldest leaves it in 300 s", Verify(v, Signed("c-17", "dev1", "resync", s_now)));
        Assert.Null(v.Verify(Signed("c-18", "dev1", "resync", s_now + 300_001), s_now + 300_001, out _, out _));
    }

    [Theory]
    [InlineData("c 1")]
    [InlineData("c\n1")]
    [InlineData("c/1")]
    public void Command_ids_outside_the_documented_set_are_refused(string id)
    {
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000, null);
        string? error = Verify(v, Signed(JsonEncodedText.Encode(id).ToString(), "dev1", "resync", s_now));
        Assert.Equal($"\"id\" \"{id}\" must be 1-64 characters of A-Z a-z 0-9 . _ : -", error);
    }

    [Fact]
    public void A_damaged_replay_file_is_named_and_the_good_lines_are_kept()
    {
        MemoryStorage flash = new();
        flash.Write(CommandVerifier.FileName, $"{s_now} c-kept\nyesterday c-x\n");
        CommandVerifier v = new(new HmacSha256(), Secret, "dev1", 300_000, flash);
        Assert.Equal("commands-seen.txt line 2: \"yesterday c-x\" is not \"ts id\"; skipped", v.LastStorageError);
        Assert.Equal("replayed: command \"c-kept\" was already accepted", Verify(v, Signed("c-kept", "dev1", "resync", s_now)));
    }
}
