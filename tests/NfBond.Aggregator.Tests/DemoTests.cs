using NfBond.Cli;

namespace NfBond.Aggregator.Tests;

public class DemoTests
{

    [Fact]
    public void The_demo_starts_the_aggregator_and_a_site_that_reports_to_it()
    {
        StringWriter output = new();
        string data = Directory.CreateTempSubdirectory("nfbond-demo").FullName;
        int exit = NfBondCli.Run(["demo", "--mqtt-port", LocalPorts.Free().ToString(), "--http-port", LocalPorts.Free().ToString(), "--data", data, "--seconds", "4"], output, new StringWriter());

        Assert.Equal(0, exit);
        string text = output.ToString();
        Assert.Contains("/api/controllers/demo-controller/events", text);
        Assert.Matches("stopped; the aggregator stored [1-9][0-9]* messages", text);
        Assert.True(File.Exists(Path.Combine(data, "fleet.db")));
    }
}
