using NfBond.Cli.Fleet;

namespace NfBond.Aggregator.Tests;

/// <summary>The load generator behaves like controllers: it rides out an aggregator restart instead of crashing.</summary>
public class FleetSimulatorTests
{
    [Fact]
    public async Task Simulated_controllers_reconnect_after_the_aggregator_restarts_and_keep_reporting()
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-fleet").FullName, AllowAnonymous = true };
        await using FleetSimulator fleet = new();
        AggregatorHost first = new(options, TextWriter.Null);
        await first.StartAsync();
        await fleet.StartAsync("127.0.0.1", options.MqttPort, "fleet", 5, 0, 50, 1, _ => null);
        await Eventually.HoldsAsync(() => first.Store.EventCount() >= 20);
        await first.DisposeAsync();

        await Eventually.HoldsAsync(() => fleet.Connected < 5, 10_000, "the simulated controllers to notice the outage");
        await using AggregatorHost second = new(options, TextWriter.Null);
        await second.StartAsync();
        long before = second.Store.EventCount();
        await Eventually.HoldsAsync(() => fleet.Connected == 5 && second.Store.EventCount() >= before + 50);

        Assert.Equal(5, fleet.Connected);
        Assert.True(second.Store.EventCount() >= before + 50, $"{second.Store.EventCount() - before} events after the restart");
        Assert.True(fleet.Failed > 0, "the outage was not noticed");
        Assert.Equal(0, second.Ingest.Rejected(Ingest.RejectReason.Malformed) + second.Ingest.Rejected(Ingest.RejectReason.MissingField));
    }
}
