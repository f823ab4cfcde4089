using NfBond.Cli;

namespace NfBond.Aggregator.Tests;

/// <summary><c>nfbond aggregator</c> on the command line: runs with flags and settings files, refuses wrong settings clearly.</summary>
public class AggregatorCommandTests
{
    [Fact]
    public void Wrong_settings_are_refused_before_anything_listens_with_every_problem_named()
    {
        string data = Directory.CreateTempSubdirectory("nfbond-cli").FullName;
        StringWriter error = new();
        int exit = NfBondCli.Run(["aggregator", "--data", data, "--listen", "everywhere", "--broker", "http://broker", "--seconds", "1"], new StringWriter(), error);

        Assert.Equal(NfBondCli.BadInput, exit);
        Assert.Contains("Aggregator:ListenAddress: \"everywhere\" is not an IP address", error.ToString());
        Assert.Contains("Aggregator:Broker: \"http://broker\" is neither \"embedded\" nor mqtt://", error.ToString());
        Assert.False(File.Exists(Path.Combine(data, "fleet.db")));
    }

    [Fact]
    public void The_data_directorys_settings_file_is_used_and_flags_win()
    {
        string data = Directory.CreateTempSubdirectory("nfbond-cli").FullName;
        int fromFile = LocalPorts.Free();
        int fromFlag = LocalPorts.Free();
        string settings = "{\"Aggregator\":{\"MqttPort\":" + fromFile + ",\"HttpPort\":" + LocalPorts.Free() + "}}";
        File.WriteAllText(Path.Combine(data, "appsettings.json"), settings);
        StringWriter output = new();
        int exit = NfBondCli.Run(["aggregator", "--data", data, "--http-port", fromFlag.ToString(), "--seconds", "1"], output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains($"MQTT on 127.0.0.1:{fromFile}", output.ToString());
        Assert.Contains($"API on http://127.0.0.1:{fromFlag}/api", output.ToString());
    }

    [Fact]
    public void Provisioning_prints_the_credentials_and_with_an_external_broker_the_broker_account_to_create()
    {
        string data = Directory.CreateTempSubdirectory("nfbond-cli").FullName;
        File.WriteAllText(Path.Combine(data, "appsettings.json"), """{"Aggregator":{"Broker":"mqtt://aggregator:pw@broker.example:1883"}}""");
        StringWriter output = new();
        int exit = NfBondCli.Run(["aggregator", "device", "add", "--site", "bakery", "--device", "dev7", "--data", data], output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Matches("--username dev7 --password [A-Za-z0-9_-]{24} --secret [0-9a-f]{64}", output.ToString());
        Assert.Contains("mosquitto_passwd -b /etc/mosquitto/passwd dev7 ", output.ToString());
    }
}
