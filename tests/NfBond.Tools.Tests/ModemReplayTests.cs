using System.Text.Json;
using static NfBond.Tools.Tests.CliRun;

namespace NfBond.Tools.Tests;

public class ModemReplayTests
{
    private static readonly string s_log = Path.Combine(RepoPaths.Root, "tests", "NfBond.Tools.Tests", "Fixtures", "ec25-field.log");

    [Fact]
    public void Summary_has_the_documented_keys_and_values()
    {
        (int exit, string output, _) = Run("modem", "replay", s_log, "--summary");

        Assert.Equal(0, exit);
        JsonElement s = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Quectel", s.GetProperty("manufacturer").GetString());
        Assert.Equal("EC25", s.GetProperty("model").GetString());
        Assert.Equal("867698041234567", s.GetProperty("imei").GetString());
        Assert.Equal("262019876543210", s.GetProperty("imsi").GetString());
        Assert.Equal("8949020000123456789", s.GetProperty("iccid").GetString());
        Assert.Equal("busy", s.GetProperty("sim").GetString());
        Assert.Equal("roaming", s.GetProperty("registration").GetString());
        Assert.True(s.GetProperty("roaming").GetBoolean());
        Assert.Equal(("262", "01", "LTE"), (s.GetProperty("mcc").GetString(), s.GetProperty("mnc").GetString(), s.GetProperty("act").GetString()));
        Assert.Equal(-65, s.GetProperty("rssi_dbm").GetInt32());
        Assert.Equal(-95, s.GetProperty("rsrp_dbm").GetInt32());
        Assert.Equal(-11, s.GetProperty("rsrq_db").GetDouble());
        Assert.Equal(12, s.GetProperty("sinr_db").GetDouble());
        Assert.False(s.TryGetProperty("pdp_address", out _), "the PDN was deactivated at the end of the log");
        Assert.Equal(1200, s.GetProperty("bytes_tx").GetInt64());
        Assert.Equal(34000, s.GetProperty("bytes_rx").GetInt64());
    }

    [Fact]
    public void Events_are_json_lines_with_line_numbers_and_commands()
    {
        (int exit, string output, _) = Run("modem", "replay", s_log);

        Assert.Equal(0, exit);
        JsonElement[] events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        JsonElement imei = events.Single(e => e.TryGetProperty("event", out JsonElement k) && k.GetString() == "identity" && e.GetProperty("command").GetString() == "AT+CGSN");
        Assert.Equal(14, imei.GetProperty("line").GetInt32());
        JsonElement lost = events.Single(e => e.TryGetProperty("event", out JsonElement k) && k.GetString() == "pdp" && e.GetProperty("text").GetString()!.StartsWith("+CGEV"));
        Assert.False(lost.GetProperty("pdp_active").GetBoolean());
        Assert.Contains(events, e => e.TryGetProperty("result", out JsonElement r) && r.GetString() == "cme_error");
    }

    [Fact]
    public void Missing_log_is_bad_input()
    {
        (int exit, _, string err) = Run("modem", "replay", "/nonexistent/uart.log");
        Assert.Equal(2, exit);
        Assert.Contains("no such file", err);
    }
}
