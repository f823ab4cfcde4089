using Microsoft.Extensions.Time.Testing;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Broker;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>Two aggregator instances on one PostgreSQL database: each scheduled drill run is claimed once, so one command goes out per slot.</summary>
public class DrillClaimTests
{
    [Fact]
    public async Task Two_instances_ticking_at_once_send_each_scheduled_run_exactly_once()
    {
        using PostgresServer postgres = new();
        string database = postgres.CreateDatabase("drills");
        using PostgresFleetStore storeA = new(database);
        using PostgresFleetStore storeB = new(database);
        new DeviceRegistry(storeA).Add("shop", "shop-ctl");
        FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-18T08:59:58Z"));
        // Every 10 s of site time: 09:00:00, :10, ... :50 in the minute the instances tick through.
        storeA.AddDrill(new DrillSchedule(0, "shop", "shop-ctl", "fiber", 3, "*/10 * * * * *", "Europe/Berlin", DrillScheduler.Next("*/10 * * * * *", "Europe/Berlin", time.GetUtcNow().ToUnixTimeMilliseconds())));
        RecordingBroker brokerA = new(), brokerB = new();
        DrillScheduler a = new(storeA, new CommandSender(brokerA), TextWriter.Null, time);
        DrillScheduler b = new(storeB, new CommandSender(brokerB), TextWriter.Null, time);

        for (int step = 0; step < 120; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAll(Task.Run(a.TickAsync), Task.Run(b.TickAsync));
        }

        // 60 s from 08:59:58: six slots (09:00:00 to 09:00:50), each sent by one instance only.
        Assert.Equal(6, brokerA.Sent + brokerB.Sent);
        Assert.Equal(6, storeA.Maintenance("shop").Count);
    }

    private sealed class RecordingBroker : IFleetBroker
    {
        private int _sent;

        public int Sent => _sent;

        public Task StartAsync() => Task.CompletedTask;

        public Task PublishAsync(string topic, byte[] payload)
        {
            Interlocked.Increment(ref _sent);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
