using System.Reflection;
using System.Text;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>The intake's identity checks, and what they cost the database per message.</summary>
public class MessageIntakeTests
{
    [Fact]
    public async Task An_external_brokers_messages_need_a_provisioned_device_of_that_site_and_cost_one_lookup_per_device()
    {
        using SqliteFleetStore sqlite = new(Path.Combine(Directory.CreateTempSubdirectory("nfbond-intake").FullName, "fleet.db"));
        IFleetStore store = CountingStore.Wrap(sqlite, out CountingStore counts);
        DeviceRegistry registry = new(store);
        registry.Add("shop", "dev1");
        await using IngestPipeline pipeline = new(store);
        MessageIntake intake = new(new AggregatorOptions(), registry, pipeline);

        for (int seq = 1; seq <= 50; seq++)
        {
            Assert.Null(await intake.AcceptAsync("nfbond/v1/shop/dev1/events", Event(seq), null));
            Assert.Equal(RejectReason.Unauthorised, await intake.AcceptAsync("nfbond/v1/shop/ghost/events", Event(seq), null));
            Assert.Equal(RejectReason.Unauthorised, await intake.AcceptAsync("nfbond/v1/other-site/dev1/events", Event(seq), null));
        }

        Assert.Equal(50, store.EventCount());
        Assert.Equal(100, pipeline.Rejected(RejectReason.Unauthorised));
        Assert.Equal(2, counts.Calls(nameof(IFleetStore.FindDevice)));
    }

    [Fact]
    public async Task Lab_mode_accepts_unknown_devices_without_asking_the_database_each_time()
    {
        using SqliteFleetStore sqlite = new(Path.Combine(Directory.CreateTempSubdirectory("nfbond-intake").FullName, "fleet.db"));
        IFleetStore store = CountingStore.Wrap(sqlite, out CountingStore counts);
        await using IngestPipeline pipeline = new(store);
        MessageIntake intake = new(new AggregatorOptions { AllowAnonymous = true }, new DeviceRegistry(store), pipeline);

        for (int seq = 1; seq <= 50; seq++)
        {
            Assert.Null(await intake.AcceptAsync("nfbond/v1/lab/anyone/events", Event(seq), null));
        }

        Assert.Equal(50, store.EventCount());
        Assert.Equal(0, counts.Calls(nameof(IFleetStore.FindDevice)));
    }

    private static byte[] Event(int seq) => Encoding.UTF8.GetBytes($"{{\"seq\":{seq},\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\"}}");

    /// <summary>Passes every call on to a real store and counts them by method.</summary>
    public class CountingStore : DispatchProxy
    {
        private readonly Dictionary<string, int> _calls = [];
        private IFleetStore _inner = null!;

        public static IFleetStore Wrap(IFleetStore inner, out CountingStore counts)
        {
            IFleetStore proxy = Create<IFleetStore, CountingStore>();
            counts = (CountingStore)(object)proxy;
            counts._inner = inner;
            return proxy;
        }

        public int Calls(string method)
        {
            lock (_calls)
            {
                return _calls.GetValueOrDefault(method);
            }
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            lock (_calls)
            {
                _calls[targetMethod!.Name] = _calls.GetValueOrDefault(targetMethod.Name) + 1;
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw ex.InnerException;
            }
        }
    }
}
