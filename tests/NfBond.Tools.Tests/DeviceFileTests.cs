using NfBond.Firmware.Config;

namespace NfBond.Tools.Tests;

/// <summary><c>nfbond aggregator device add --device-file</c>: what goes onto the board's flash.</summary>
public class DeviceFileTests
{
    [Fact]
    public void The_written_device_file_is_one_the_board_accepts_with_the_printed_credentials()
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-devicefile-").FullName;
        try
        {
            string file = Path.Combine(dir, "device.json");
            (int exit, string output, string error) = CliRun.Run("aggregator", "device", "add", "--site", "practice", "--device", "ctl-a", "--data", dir,
                "--device-file", file, "--broker-host", "203.0.113.7", "--ntp", "192.168.1.1", "--address", "192.168.1.2");

            Assert.True(exit == 0, error);
            ConfigProblems problems = new();
            DeviceSettings? settings = DeviceSettingsReader.Read(File.ReadAllText(file), problems);
            Assert.True(settings != null, string.Join("; ", problems.ToArray()));
            Assert.Equal("ctl-a", settings!.Telemetry.Device);
            // TLS by default: the board trusts the aggregator's generated CA, which the command printed.
            string ca = Path.Combine(dir, "tls", "ca.pem");
            Assert.Equal(8883, settings.Telemetry.Broker.Port);
            Assert.True(settings.Telemetry.Broker.UseTls);
            Assert.Equal(File.ReadAllText(ca), settings.CaCertificate);
            Assert.Contains("--password " + settings.Telemetry.Broker.Password + " ", output, StringComparison.Ordinal);
            Assert.Contains("verify the broker with the CA " + ca + " (SHA-256 ", output, StringComparison.Ordinal);
            Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_device_file_without_the_boards_address_is_refused_by_option_name()
    {
        (int exit, _, string error) = CliRun.Run("aggregator", "device", "add", "--site", "s", "--device", "d", "--device-file", "/tmp/x.json", "--broker-host", "h", "--ntp", "192.168.1.1");

        Assert.Equal(2, exit);
        Assert.Contains("--device-file needs --address too", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_add_refuses_a_wildcard_device_id_by_the_rule()
    {
        (int exit, _, string error) = CliRun.Run("aggregator", "device", "add", "--site", "siteW", "--device", "+", "--data", Directory.CreateTempSubdirectory("nfbond-f7-cli").FullName);

        Assert.Equal(2, exit);
        Assert.Contains("device ID \"+\" is not allowed; 1 to 64 of a-z", error, StringComparison.Ordinal);
    }
}
