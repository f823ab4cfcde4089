using System.Text.Json;
using static NfBond.Tools.Tests.CliRun;

namespace NfBond.Tools.Tests;

public class ModemReplayTests
{
    private static readonly string s_log = Path.Combine(RepoPaths.Root, "tests", "NfBond.Tools.Tests", "Fixtures", "ec25-field.log");
    private static readonly string s_simcom = Path.Combine(RepoPaths.Root, "tests", "NfBond.Tools.Tests", "Fixtures", "sim7600-field.log");

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
    public void A_sim7600_ati_block_gives_manufacturer_model_revision_and_imei()
    {
        (int exit, string output, _) = Run("modem", "replay", s_simcom, "--summary");

        Assert.Equal(0, exit);
        JsonElement s = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("SIMCOM INCORPORATED", "SIMCOM_SIM7600E-H", "SIM7600M22_V2.0.1", "862636051234567"),
            (s.GetProperty("manufacturer").GetString(), s.GetProperty("model").GetString(), s.GetProperty("revision").GetString(), s.GetProperty("imei").GetString()));
    }

    [Fact]
    public void A_quectel_ati_block_gives_manufacturer_and_model_from_its_unlabelled_lines()
    {
        string log = Path.Combine(Directory.CreateTempSubdirectory("nfbond-ati").FullName, "ec25-ati.log");
        File.WriteAllLines(log, ["ATI", "Quectel", "EC25", "Revision: EC25EFAR06A06M4G", "OK", "ATI", "Quectel", "EC25", "Revision: EC25EFAR06A06M4G", "OK"]);
        (int exit, string output, _) = Run("modem", "replay", log, "--summary");

        Assert.Equal(0, exit);
        JsonElement s = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("Quectel", "EC25", "EC25EFAR06A06M4G"), (s.GetProperty("manufacturer").GetString(), s.GetProperty("model").GetString(), s.GetProperty("revision").GetString()));
    }

    [Theory]
    [InlineData(13, "rssi_dbm", -113.0)] // +CSQ: 0: -113 dBm or less
    [InlineData(16, "rssi_dbm", -111.0)] // 1: -111 dBm
    [InlineData(19, "rssi_dbm", -53.0)] // 30: -53 dBm
    [InlineData(22, "rssi_dbm", -51.0)] // 31: -51 dBm or more
    [InlineData(28, "rsrp_dbm", -141.0)] // +CESQ rsrp 0: below -140 dBm
    [InlineData(28, "rsrq_db", -20.0)] // rsrq 0: below -19.5 dB
    [InlineData(31, "rsrp_dbm", -44.0)] // rsrp 97: -44 dBm or more
    [InlineData(31, "rsrq_db", -3.0)] // rsrq 34: -3 dB or more
    [InlineData(34, "rsrp_dbm", -96.0)] // rsrp 45: -96 <= rsrp < -95
    [InlineData(34, "rsrq_db", -10.0)] // rsrq 20: -10 <= rsrq < -9.5
    [InlineData(37, "rsrq_db", -9.6)] // +CPSI in tenths of a dB: -96
    [InlineData(37, "rsrp_dbm", -102.0)] // -1021: -102.1 dBm
    [InlineData(37, "rssi_dbm", -71.0)] // -706: -70.6 dBm, to the nearest dBm
    [InlineData(37, "sinr_db", 14.0)]
    public void Each_signal_reading_converts_as_its_specification_says(int line, string figure, double expected)
    {
        (int exit, string output, _) = Run("modem", "replay", s_simcom);

        Assert.Equal(0, exit);
        JsonElement signal = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("line").GetInt32() == line && e.TryGetProperty("event", out JsonElement k) && k.GetString() == "signal");
        Assert.Equal(expected, signal.GetProperty(figure).GetDouble(), 3);
    }

    [Fact]
    public void Csq_99_is_not_known_and_leaves_no_figure()
    {
        (_, string output, _) = Run("modem", "replay", s_simcom);
        JsonElement signal = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("line").GetInt32() == 25);
        Assert.False(signal.TryGetProperty("rssi_dbm", out _), signal.GetRawText());
    }

    [Fact]
    public void Missing_log_is_bad_input()
    {
        (int exit, _, string err) = Run("modem", "replay", "/nonexistent/uart.log");
        Assert.Equal(2, exit);
        Assert.Contains("no such file", err);
    }
}
