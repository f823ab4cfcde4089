using System.Text.Json;
using NfBond.Aggregator;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Plans;
using NfBond.Aggregator.Storage;
using NfBond.Cli.Commands;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation;
using NfBond.Simulation.Network;

namespace NfBond.Cli.Demo;

/// <summary>
/// The demo's three shops, simulated on one event loop and reporting to a running aggregator like real
/// controllers (own credentials, signed commands): a restaurant (fiber + LTE), a medical practice (DSL +
/// 5G + LTE, two controllers in VRRP) and a workshop (cable + Starlink + LTE). Incidents repeat every
/// cycle: the workshop's cable fails (20 s), the restaurant's fiber is cut and its LTE nears its data cap
/// (48 s), the workshop's modem hangs and climbs the recovery ladder (95 s), the practice's master
/// controller dies and the backup takes over (120 s).
/// </summary>
public sealed class DemoFleet
{
    /// <summary>The restaurant's site ID.</summary>
    public const string Restaurant = "trattoria-luca";

    /// <summary>The medical practice's site ID.</summary>
    public const string Practice = "praxis-mueller";

    /// <summary>The workshop's site ID.</summary>
    public const string Workshop = "werkstatt-schmidt";

    private readonly EventLoop _loop;
    private readonly AggregatorHost _aggregator;
    private readonly List<LoopTimer> _timers = [];
    private readonly string? _alertInbox;

    /// <summary>Provisions the three sites on the aggregator and wires their controllers; nothing runs before <see cref="Start"/>.</summary>
    /// <param name="loop">The loop the controllers run on.</param>
    /// <param name="aggregator">The aggregator they report to (its embedded broker).</param>
    /// <param name="alertInbox">Where the tenants' alerts are pushed (ntfy style, one topic per tenant and one for escalation), or null for no alert channels.</param>
    public DemoFleet(EventLoop loop, AggregatorHost aggregator, string? alertInbox = null)
    {
        _loop = loop;
        _aggregator = aggregator;
        _alertInbox = alertInbox?.TrimEnd('/');
        Sites =
        [
            // Each shop drills its failover weekly before opening (site time).
            Add("site-restaurant.json", "lilygo-t-sim7600x.json", "trattoria-luca", "restaurant", false, [("wan1", 8), ("wwan0", 48)], "0 9 * * 1"),
            Add("site-practice.json", "stm32f769i-disco-2modem.json", "praxis-mueller", "medical-practice", true, [("wan1", 19), ("wwan1", 27), ("wwan0", 45)], "30 7 * * 6"),
            Add("site-workshop.json", "lilygo-t-sim7600x.json", "werkstatt-schmidt", "cnc-workshop", false, [("wan1", 12), ("wan2", 38), ("wwan0", 52)], "0 6 * * 0"),
        ];
    }

    /// <summary>Gets the sites.</summary>
    public IReadOnlyList<DemoSite> Sites { get; }

    /// <summary>Starts the controllers and the shops' traffic (on the loop's thread or before it runs).</summary>
    public void Start()
    {
        foreach (DemoSite site in Sites)
        {
            site.Controllers.ForEach(c => c.Start());
        }

        LoopTimer traffic = new(_loop, _ => MoveTraffic());
        traffic.StartPeriodic(1000);
        _timers.Add(traffic);
    }

    /// <summary>Starts the incident script (on the loop's thread or before it runs).</summary>
    /// <param name="cycleSeconds">How often the incidents repeat.</param>
    public void StartIncidents(int cycleSeconds)
    {
        DemoSite restaurant = Sites[0], practice = Sites[1], workshop = Sites[2];
        // The simulated modems take about 40 s to register, so cellular backups are up from then on.
        At(20, cycleSeconds, () => workshop.Networks[0].Cut("wan1"));
        At(45, cycleSeconds, () => workshop.Networks[0].Cut("wan1", false));
        // Used this month before the demo began: the restaurant's LTE is near its 2 GB cap, so the first fiber cut crosses 80 %.
        At(30, 0, () => restaurant.Traffic[0].Add("wwan0", 1_560_000_000));
        At(48, cycleSeconds, () => restaurant.Networks[0].Cut("wan1"));
        At(88, cycleSeconds, () => restaurant.Networks[0].Cut("wan1", false));
        At(95, cycleSeconds, () =>
        {
            // The modem stops answering; the supervisor climbs its ladder until a power cycle clears the hang.
            if (workshop.Modem(0) is { } modem)
            {
                modem.Faults.Hang = true;
            }
        });
        At(120, cycleSeconds, () => practice.Controllers[0].PowerOff());
        At(165, cycleSeconds, () => practice.Controllers[0].PowerOn());
    }

    /// <summary>Stops every controller.</summary>
    public void Stop()
    {
        _timers.ForEach(t => t.Stop());
        foreach (DemoSite site in Sites)
        {
            site.Controllers.ForEach(c => c.Stop());
        }
    }

    private DemoSite Add(string siteResource, string boardResource, string tenant, string profile, bool pair, (string Interface, int RttMs)[] rtts, string drillCron)
    {
        string text = ControllerCommand.Resource(siteResource);
        SiteDefinition site = SiteDefinitionReader.Read(text).Site!;
        BoardDefinition board = BoardDefinitionReader.Read(ControllerCommand.Resource(boardResource)).Board!;
        DemoSite demo = new(site.Name, tenant);
        _aggregator.Store.SetSiteTenant(site.Name, tenant);
        _aggregator.Store.SetProfile(site.Name, System.Text.Json.JsonSerializer.Serialize(NfBond.Aggregator.Reports.BusinessProfile.Presets[profile], NfBond.Aggregator.Reports.SiteReport.Json));
        Seed(site, text, siteResource, drillCron, tenant, pair);
        SimulatedVrrpSegment? segment = pair ? new SimulatedVrrpSegment(_loop) : null;
        for (int i = 0; i < (pair ? 2 : 1); i++)
        {
            string device = site.Name + (pair ? (i == 0 ? "-a" : "-b") : "-ctl");
            (string password, string secret) = _aggregator.Registry.Add(site.Name, device);
            SimulatedNetwork network = new(_loop, seed: i + 1) { JitterMs = 2 };
            foreach ((string iface, int rtt) in rtts)
            {
                network.SetRtt(iface, rtt + i);
            }

            SimulatedTraffic traffic = new();
            MemoryStorage storage = new();
            TelemetryOptions telemetry = new()
            {
                Site = site.Name,
                Device = device,
                Secret = Convert.FromHexString(secret),
                StateIntervalMs = 10_000,
                ConfigHash = SiteFileHash.Of(text),
                Broker = new MqttConnectOptions { Host = _aggregator.Options.ListenAddress, Port = _aggregator.Options.MqttPort, Username = device, Password = password },
            };
            uint address = 0xC0A80102u + (uint)i;
            demo.Controllers.Add(new ControllerHost(_loop, board, pair ? ControllerCommand.WithPair(site, i == 0 ? 150 : 100) : site,
                restart => new SimulatedPlatform(_loop, network, storage, new SystemWallClock(), new MqttNetClient(), restart, segment, address) { Traffic = traffic },
                telemetry, new EventLog(_loop.Clock, 64), TextWriter.Null) { Name = device });
            demo.Networks.Add(network);
            demo.Traffic.Add(traffic);
        }

        return demo;
    }

    // What an integrator leaves behind at installation: the site file as version 1, the shop's emergency
    // plan (approved), a weekly failover drill before opening and alert channels; only where a earlier
    // run of the demo on the same data directory has not left them already.
    private void Seed(SiteDefinition site, string siteFile, string siteResource, string drillCron, string tenant, bool pair)
    {
        IFleetStore store = _aggregator.Store;
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (store.ConfigVersions(site.Name).Count == 0)
        {
            store.AddConfig(site.Name, siteFile, SiteFileHash.Of(siteFile), "installed", now);
        }

        if (store.PlanVersions(site.Name).Count == 0)
        {
            string planResource = siteResource.Replace("site-", "plan-", StringComparison.Ordinal);
            PlanInputs plan = PlanInputs.Read(ControllerCommand.Resource(planResource), [.. site.Links.Select(l => l.Name)], out string? problem)
                ?? throw new InvalidOperationException($"{planResource}: {problem}");
            store.AddPlanVersion(site.Name, JsonSerializer.Serialize(plan, PlanInputs.Json), "demo", now);
            PlanApproval.Approve(store, site.Name, "demo", null, now);
        }

        if (store.Drills().All(d => d.Site != site.Name))
        {
            string device = site.Name + (pair ? "-a" : "-ctl");
            string primary = site.Links.First(l => l.Role == LinkRole.Primary).Name;
            store.AddDrill(new DrillSchedule(0, site.Name, device, primary, 60, drillCron, "Europe/Berlin", DrillScheduler.Next(drillCron, "Europe/Berlin", now)));
        }

        if (_alertInbox != null)
        {
            foreach ((string target, bool escalation) in new[] { ($"{_alertInbox}/{tenant}", false), ($"{_alertInbox}/{tenant}-escalation", true) })
            {
                if (store.Channels().All(c => c.Target != target))
                {
                    store.AddChannel(new AlertChannel(0, tenant, "ntfy", target, "", escalation));
                }
            }
        }
    }

    private void At(int seconds, int everySeconds, Action action)
    {
        LoopTimer timer = new(_loop, t =>
        {
            action();
            if (everySeconds > 0)
            {
                t.Start(everySeconds * 1000L);
            }
        });
        timer.Start(seconds * 1000L);
        _timers.Add(timer);
    }

    // The shops' own traffic goes where the plan sends it, so metered links fill while they carry.
    private void MoveTraffic()
    {
        foreach (DemoSite site in Sites)
        {
            long perSecond = site.Name == Restaurant ? 1_500_000 : site.Name == Practice ? 600_000 : 2_000_000;
            for (int c = 0; c < site.Controllers.Count; c++)
            {
                NfBond.Firmware.Controller.Controller controller = site.Controllers[c].Controller;
                int[] weights = controller.Scheduler.Plan.Weights;
                for (int i = 0; i < weights.Length; i++)
                {
                    site.Traffic[c].Add(controller.Site.Links[i].Interface, perSecond * weights[i] / 1000);
                }
            }
        }
    }
}
