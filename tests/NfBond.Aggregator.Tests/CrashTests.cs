using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NfBond.Cli;
using NfBond.Cli.Commands;

namespace NfBond.Aggregator.Tests;

/// <summary>The aggregator killed with SIGKILL while a controller streams events: nothing acknowledged is lost, nothing is stored twice.</summary>
public class CrashTests
{

    private static Process StartAggregator(string data, int mqtt, int http)
    {
        string[] nfbond = LabCommand.SelfCommand();
        ProcessStartInfo info = new(nfbond[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in nfbond.Skip(1).Concat(["aggregator", "--data", data, "--mqtt-port", mqtt.ToString(), "--http-port", http.ToString()]))
        {
            info.ArgumentList.Add(arg);
        }

        Process p = Process.Start(info)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return LocalPorts.WaitListening(mqtt, 20_000) ? p : throw new InvalidOperationException("the aggregator did not start");
    }

    private static (long Count, long Max) Stored(string data)
    {
        using SqliteConnection c = new($"Data Source={Path.Combine(data, "fleet.db")}");
        c.Open();
        using SqliteCommand q = new("SELECT count(*), coalesce(max(seq), 0) FROM events WHERE device = 'dev1'", c);
        using SqliteDataReader r = q.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    [Fact]
    public async Task A_killed_aggregator_loses_nothing_acknowledged_and_duplicates_nothing_after_restart()
    {
        string data = Directory.CreateTempSubdirectory("nfbond-crash").FullName;
        StringWriter provisioned = new();
        Assert.Equal(0, NfBondCli.Run(["aggregator", "device", "add", "--data", data, "--site", "s1", "--device", "dev1"], provisioned, new StringWriter()));
        Match creds = Regex.Match(provisioned.ToString(), "--password (\\S+) --secret (\\S+)");
        int mqtt = LocalPorts.Free();
        int http = LocalPorts.Free();

        Process aggregator = StartAggregator(data, mqtt, http);
        using DeviceUnderTest device = new(mqtt, "dev1", "dev1", creds.Groups[1].Value, Convert.FromHexString(creds.Groups[2].Value));
        // A burst of events: 40 flaps of the primary at fast detection.
        for (int i = 0; i < 20; i++)
        {
            device.OnLoop(() => device.Network.Cut("wan1"));
            await Eventually.HoldsAsync(() => device.Read(() => device.Host.Controller.Monitor.Links[0].State) == NfBond.Firmware.Links.LinkState.Down, 10_000, "wan1 to go down");
            device.OnLoop(() => device.Network.Cut("wan1", false));
            await Eventually.HoldsAsync(() => device.Read(() => device.Host.Controller.Monitor.Links[0].State) == NfBond.Firmware.Links.LinkState.Up, 10_000, "wan1 to come back");
            if (i == 10)
            {
                aggregator.Kill();
                aggregator.WaitForExit();
                (long count, long max) = Stored(data);
                Assert.Equal(max, count);
                aggregator = StartAggregator(data, mqtt, http);
            }
        }

        long produced = device.Read(() => device.Host.Agent!.NextSeq - 1);
        await Eventually.HoldsAsync(() => Stored(data) == (produced, produced), 120_000, $"all {produced} events stored");
        (long stored, long highest) = Stored(data);

        aggregator.Kill();
        Assert.True(produced > 40, $"only {produced} events produced");
        Assert.Equal(produced, highest);
        Assert.Equal(produced, stored);
    }
}
