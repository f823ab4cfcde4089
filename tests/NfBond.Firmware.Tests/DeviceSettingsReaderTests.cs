using NfBond.Firmware.Config;

namespace NfBond.Firmware.Tests;

/// <summary>device.json, the board's identity and credentials on flash.</summary>
public class DeviceSettingsReaderTests
{
    private const string Good = """
        {"format":"nfbond-device/1","site":"practice","device":"ctl-a","password":"pw","secret":"00112233445566778899aabbccddeeff",
         "broker":{"host":"203.0.113.7","tls":true},"ntpServer":"192.168.1.1","address":"192.168.1.2","caCertificate":"-----BEGIN CERTIFICATE-----",
         "router":{"kind":"routeros","url":"https://192.168.88.1","user":"nfbond","password":"rpw"}}
        """;

    [Fact]
    public void A_provisioned_file_gives_identity_broker_and_addresses()
    {
        ConfigProblems problems = new();
        DeviceSettings? settings = DeviceSettingsReader.Read(Good, problems);

        Assert.True(settings != null, string.Join("; ", problems.ToArray()));
        Assert.Equal("ctl-a", settings!.Telemetry.Broker.ClientId);
        Assert.Equal("ctl-a", settings.Telemetry.Broker.Username);
        Assert.Equal(8883, settings.Telemetry.Broker.Port);
        Assert.Equal(16, settings.Telemetry.Secret.Length);
        Assert.Equal(0xC0A80102u, settings.Address);
        Assert.Equal("192.168.1.1", settings.NtpServer);
        Assert.Equal(4096, settings.Telemetry.MaxQueuedBytes);
        Assert.Equal(42, settings.Telemetry.MaxQueuedEvents);
        Assert.Equal(16, settings.Telemetry.SpoolSegments);
        Assert.Equal("https://192.168.88.1", settings.RouterUrl);
        Assert.Equal("nfbond", settings.RouterUser);
    }

    [Fact]
    public void Every_problem_is_named_with_its_path()
    {
        string bad = Good.Replace("00112233445566778899aabbccddeeff", "xyz", StringComparison.Ordinal)
            .Replace("\"192.168.1.2\"", "\"192.168.1\"", StringComparison.Ordinal)
            .Replace(",\"caCertificate\":\"-----BEGIN CERTIFICATE-----\"", string.Empty, StringComparison.Ordinal)
            .Replace("https://192.168.88.1", "192.168.88.1", StringComparison.Ordinal);
        ConfigProblems problems = new();

        Assert.Null(DeviceSettingsReader.Read(bad, problems));
        string[] all = problems.ToArray();
        Assert.Contains("$.secret: is not allowed; the command secret is at least 32 hex digits, as 'nfbond aggregator device add' prints it", all);
        Assert.Contains("$.address: \"192.168.1\" is not allowed; an IPv4 address such as \"192.168.1.2\"", all);
        Assert.Contains(all, p => p.StartsWith("$.caCertificate: is missing", StringComparison.Ordinal));
        Assert.Contains("$.router.url: \"192.168.88.1\" is not allowed; the router's address as http://... or https://...", all);
    }
}
