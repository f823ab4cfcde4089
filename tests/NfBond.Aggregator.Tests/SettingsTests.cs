namespace NfBond.Aggregator.Tests;

/// <summary>Settings come from appsettings.json, then Aggregator__* environment variables, then flags; a wrong one is named with its value and what is allowed.</summary>
public class SettingsTests
{
    [Fact]
    public void Environment_beats_the_settings_file_and_flags_beat_both()
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-settings").FullName;
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), """{"Aggregator":{"HttpPort":9001,"MqttPort":9002,"SharedGroup":"fleet-eu"}}""");
        Environment.SetEnvironmentVariable("Aggregator__MqttPort", "9003");
        try
        {
            AggregatorOptions fromEnvironment = AggregatorSettings.Load(new Dictionary<string, string?> { ["DataDirectory"] = dir });
            Assert.Equal(9001, fromEnvironment.HttpPort);
            Assert.Equal(9003, fromEnvironment.MqttPort);
            Assert.Equal("fleet-eu", fromEnvironment.SharedGroup);
            Assert.Equal("embedded", fromEnvironment.Broker);
            Assert.Equal("sqlite", fromEnvironment.Storage);

            AggregatorOptions fromFlags = AggregatorSettings.Load(new Dictionary<string, string?> { ["DataDirectory"] = dir, ["MqttPort"] = "9004", ["HttpPort"] = null });
            Assert.Equal(9004, fromFlags.MqttPort);
            Assert.Equal(9001, fromFlags.HttpPort);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Aggregator__MqttPort", null);
        }
    }

    [Theory]
    [InlineData("MqttPort", "abc", "'abc' at 'Aggregator:MqttPort'")]
    [InlineData("HttpPort", "70000", "Aggregator:HttpPort: 70000 is not a port (0-65535)")]
    [InlineData("Storage", "mysql", "Aggregator:Storage: \"mysql\" is not known; allowed: sqlite, postgres")]
    [InlineData("Storage", "postgres", "Aggregator:PostgresConnectionString is required when Storage is postgres")]
    [InlineData("Broker", "http://broker:80", "Aggregator:Broker: \"http://broker:80\" is neither \"embedded\" nor mqtt://")]
    [InlineData("ListenAddress", "everywhere", "Aggregator:ListenAddress: \"everywhere\" is not an IP address")]
    [InlineData("SharedGroup", "a/b", "Aggregator:SharedGroup: \"a/b\" must be non-empty")]
    public void A_wrong_setting_is_refused_with_its_name_value_and_what_is_allowed(string name, string value, string expected)
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-settings").FullName;
        ArgumentException error = Assert.Throws<ArgumentException>(() => AggregatorSettings.Load(new Dictionary<string, string?> { ["DataDirectory"] = dir, [name] = value }));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_misspelt_setting_in_the_file_is_refused_rather_than_ignored()
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-settings").FullName;
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), """{"Aggregator":{"MqttPrt":1884}}""");
        ArgumentException error = Assert.Throws<ArgumentException>(() => AggregatorSettings.Load(new Dictionary<string, string?> { ["DataDirectory"] = dir }));
        Assert.Contains("MqttPrt", error.Message);
    }

    [Fact]
    public void Anonymous_devices_are_refused_with_an_external_broker()
    {
        AggregatorOptions options = new() { Broker = "mqtt://broker:1883", AllowAnonymous = true };
        Assert.Contains("AllowAnonymous applies to the embedded broker only", Assert.Throws<ArgumentException>(() => AggregatorSettings.Check(options)).Message);
    }
}
