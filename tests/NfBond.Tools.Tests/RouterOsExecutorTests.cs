using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation.Network;
using NfBond.Simulation.Routers;

namespace NfBond.Tools.Tests;

/// <summary>The add-on board's executor against a RouterOS REST simulator over real HTTP.</summary>
public sealed class RouterOsExecutorTests : IAsyncLifetime
{
    private readonly RouterOsSimulator _router = new("nfbond", "s3cret");
    private readonly HttpClientTransport _http = new();

    private static SteeringEntry[] Entries(int fiber, int lte) =>
    [
        new SteeringEntry { Name = "fiber", Weight = fiber },
        new SteeringEntry { Name = "lte", Weight = lte },
    ];

    public async Task InitializeAsync()
    {
        _router.AddRoute("100.64.1.1", "nfbond:fiber");
        _router.AddRoute("10.10.0.1", "nfbond:lte", distance: 5);
        await _router.StartAsync();

        // The first request to a fresh Kestrel pays for JIT and start-up; the tests are about behaviour, not that.
        new RouterOsExecutor(_http, _router.BaseUrl, "nfbond", "s3cret") { TimeoutMs = 30_000 }.Prepare(Entries(0, 0));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _router.DisposeAsync();
    }

    [Fact]
    public void A_failover_disables_the_dead_links_route_and_puts_the_backup_at_distance_1()
    {
        RouterOsExecutor executor = new(_http, _router.BaseUrl, "nfbond", "s3cret");

        Assert.Null(executor.Prepare(Entries(0, 0)));
        Assert.Null(executor.Apply(Entries(0, 1000)));

        Assert.Equal("true", _router.Property("nfbond:fiber", "disabled"));
        Assert.Equal("false", _router.Property("nfbond:lte", "disabled"));
        Assert.Equal("1", _router.Property("nfbond:lte", "distance"));

        Assert.Null(executor.Apply(Entries(600, 400)));
        Assert.Equal("false", _router.Property("nfbond:fiber", "disabled"));
        Assert.Equal("1", _router.Property("nfbond:fiber", "distance"));
    }

    [Fact]
    public void Refused_credentials_come_back_in_the_routers_words()
    {
        RouterOsExecutor executor = new(_http, _router.BaseUrl, "nfbond", "wrong");

        Assert.Equal("the router refused the credentials (GET /rest/ip/route?comment=nfbond:fiber, HTTP 401 Unauthorized)", executor.Prepare(Entries(0, 0)));
    }

    [Fact]
    public async Task An_unreachable_router_is_named_with_the_socket_error()
    {
        RouterOsExecutor executor = new(_http, _router.BaseUrl, "nfbond", "s3cret");
        await _router.StopAsync();

        string? error = executor.Apply(Entries(0, 1000));

        Assert.NotNull(error);
        Assert.StartsWith("router unreachable at " + _router.BaseUrl + ": ", error, StringComparison.Ordinal);
        Assert.Contains("refused", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_refused_change_and_a_missing_route_say_what_the_router_said()
    {
        RouterOsExecutor executor = new(_http, _router.BaseUrl, "nfbond", "s3cret");
        _router.RefuseChanges = "failure: cannot change dynamic route";

        Assert.Equal("fiber: the router refused PATCH /rest/ip/route/*1 (HTTP 400 Bad Request: failure: cannot change dynamic route)", executor.Apply(Entries(0, 1000)));

        SteeringEntry[] three = [.. Entries(0, 1000), new SteeringEntry { Name = "dsl" }];
        Assert.Equal("the router has 0 route(s) with comment \"nfbond:dsl\"; exactly one default route per link is needed (/ip/route add dst-address=0.0.0.0/0 gateway=... comment=nfbond:dsl)",
            executor.Prepare(three));
    }

    [Fact]
    public void A_refused_plan_is_retried_with_back_off_and_each_failure_reported_until_the_router_takes_it()
    {
        const string site = """
            {"format":"nfbond-site/1","site":"s","profile":"fast","dampening":{"enabled":false},"links":[
              {"name":"fiber","type":"fiber","provider":"A","interface":"wan1","downKbps":100000,"role":"primary"},
              {"name":"lte","type":"lte","provider":"B","interface":"wwan0","downKbps":50000,"role":"backup"}]}
            """;
        SiteDefinition definition = SiteDefinitionReader.Read(site).Site!;
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedNetwork network = new(loop);
        LinkMonitor monitor = new(loop, definition.Links, definition.Dampening, [network]);
        Scheduler scheduler = new(loop, monitor, new RouterOsExecutor(_http, _router.BaseUrl, "nfbond", "s3cret"));
        List<(long At, string? Error)> attempts = [];
        scheduler.PlanChanged += (_, error) => attempts.Add((clock.NowMs, error));
        scheduler.ApplyRetried += (_, error) => attempts.Add((clock.NowMs, error));
        monitor.Start();
        scheduler.Start();
        loop.RunFor(clock, 5_000);
        Assert.Equal("false", _router.Property("nfbond:fiber", "disabled"));

        _router.RefuseChanges = "failure: router busy";
        network.Cut("wan1");
        loop.RunFor(clock, 20_000);
        string[] refusals = attempts.Where(a => a.Error != null).Select(a => a.Error!).ToArray();
        Assert.True(refusals.Length >= 4, $"only {refusals.Length} attempts in 20 s");
        Assert.All(refusals, e => Assert.EndsWith("(HTTP 400 Bad Request: failure: router busy)", e, StringComparison.Ordinal));
        long[] gaps = attempts.Where(a => a.Error != null).Select(a => a.At).Zip(attempts.Where(a => a.Error != null).Select(a => a.At).Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal([1000, 2000, 4000], gaps.Take(3));

        _router.RefuseChanges = null;
        loop.RunFor(clock, 60_000);
        Assert.Null(attempts[^1].Error);
        Assert.Null(scheduler.LastApplyError);
        Assert.Equal("true", _router.Property("nfbond:fiber", "disabled"));
        Assert.Equal("1", _router.Property("nfbond:lte", "distance"));
        int attemptsAfterSuccess = attempts.Count;
        loop.RunFor(clock, 120_000);
        Assert.Equal(attemptsAfterSuccess, attempts.Count);
        scheduler.Stop();
        monitor.Stop();
    }
}
