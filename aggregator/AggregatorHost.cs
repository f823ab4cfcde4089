using System.Net;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Broker;
using NfBond.Aggregator.Cockpit;
using NfBond.Aggregator.Configs;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Security;
using NfBond.Aggregator.Storage;
using Prometheus;

namespace NfBond.Aggregator;

/// <summary>
/// The aggregator: a broker (embedded, or a shared subscription on an external one), a store (SQLite in
/// the data directory, or PostgreSQL), the REST API behind a bearer token (created on first start in
/// <c>api-token</c>), OpenAPI at <c>/openapi/v1.json</c> and Prometheus metrics at <c>/metrics</c>.
/// Everything listens on loopback unless configured.
/// </summary>
public sealed class AggregatorHost : IAsyncDisposable
{
    private readonly AggregatorOptions _options;
    private readonly TextWriter _log;
    private WebApplication? _app;
    private LiveFeed? _live;
    private readonly AlertSender _sender;
    private readonly CancellationTokenSource _stop = new();
    private Task? _alerting;
    private readonly Task _evaluating;

    /// <summary>Opens the store and prepares the parts; nothing listens before <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (checked here).</param>
    /// <param name="log">Where broker and config trouble is reported (default: standard error).</param>
    public AggregatorHost(AggregatorOptions options, TextWriter? log = null)
    {
        AggregatorSettings.Check(options);
        _options = options;
        log ??= Console.Error;
        _log = log;
        Directory.CreateDirectory(options.DataDirectory);
        Certificates = (options.Broker == "embedded" && options.EffectiveMqttTlsPort() > 0) || options.EffectiveHttpsPort() > 0 ? ServerCertificates.Load(options) : null;
        Store = FleetStores.Open(options);
        Registry = new DeviceRegistry(Store);
        Ingest = new IngestPipeline(Store);
        MessageIntake intake = new(options, Registry, Ingest);
        Broker = options.Broker == "embedded" ? new EmbeddedBroker(options, Registry, intake, log, Certificates?.Server) : new ExternalBroker(options, intake, log);
        Commands = new CommandSender(Broker);
        Configs = new ConfigRegistry(Store, Commands, log);
        Alerts = new AlertEngine(Store, options.Alerts);
        _sender = new AlertSender(Store, options.Alerts, log);
        Drills = new DrillScheduler(Store, Commands, log);
        Outages = new OutageLedger(Store);
        intake.Stored = m =>
        {
            Configs.OnStored(m);
            Alerts.Enqueue(m);
        };
        _evaluating = Task.Run(() => Alerts.RunAsync(log));
        intake.Answered = (device, id, body) => Store.SaveCommandAnswer(id, device, body, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Tokens = new ApiTokens(Path.Combine(options.DataDirectory, "api-token"));
        Accounts = new CockpitAccounts(Store);
        FirstPasswordFile = Accounts.EnsureFirstAdministrator(options.DataDirectory);
    }

    /// <summary>Gets the drill scheduler.</summary>
    public DrillScheduler Drills { get; }

    /// <summary>Gets each controller's outages, kept up to date from its events.</summary>
    public OutageLedger Outages { get; }

    /// <summary>Gets the alert engine.</summary>
    public AlertEngine Alerts { get; }

    /// <summary>Gets the cockpit's users.</summary>
    public CockpitAccounts Accounts { get; }

    /// <summary>Gets the file the first-run administrator's password was written to when this start created it, else null.</summary>
    public string? FirstPasswordFile { get; }

    /// <summary>Gets the address of the dashboard and API (plain HTTP on loopback, else HTTPS).</summary>
    public string BaseUrl => _options.ServesPlaintext() ? $"http://{Host(_options.ListenAddress)}:{_options.HttpPort}" : $"https://{Host(_options.ListenAddress)}:{_options.EffectiveHttpsPort()}";

    /// <summary>Gets the certificate of the TLS listeners, or null when none listens.</summary>
    public ServerCertificates? Certificates { get; }

    /// <summary>Gets the settings it runs with.</summary>
    public AggregatorOptions Options => _options;

    /// <summary>Gets the store.</summary>
    public IFleetStore Store { get; }

    /// <summary>Gets the device registry.</summary>
    public DeviceRegistry Registry { get; }

    /// <summary>Gets the ingest pipeline.</summary>
    public IngestPipeline Ingest { get; }

    /// <summary>Gets the broker (embedded or external).</summary>
    public IFleetBroker Broker { get; }

    /// <summary>Gets the command sender.</summary>
    public CommandSender Commands { get; }

    /// <summary>Gets the config registry.</summary>
    public ConfigRegistry Configs { get; }

    /// <summary>Gets the API tokens.</summary>
    public ApiTokens Tokens { get; }

    /// <summary>Gets the first API token (the one created on first start).</summary>
    public string ApiToken => Tokens.First;

    /// <summary>Starts the broker and the HTTP API.</summary>
    /// <returns>Completes when both listen.</returns>
    public async Task StartAsync()
    {
        await Broker.StartAsync();
        // Not the default content root (the working directory, watched with every subdirectory for changed
        // settings files): with the data directory below it, each SQLite write woke that watcher, a tenth
        // of a core at 10,000 msg/s. Settings are read once (AggregatorSettings); pages and assets are embedded.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        IPAddress address = IPAddress.Parse(_options.ListenAddress);
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (_options.ServesPlaintext())
            {
                k.Listen(address, _options.HttpPort);
            }

            if (_options.EffectiveHttpsPort() > 0)
            {
                k.Listen(address, _options.EffectiveHttpsPort(), l => l.UseHttps(Certificates!.Server));
            }
        });
        ReportListeners();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "nf-bond aggregator";
            document.Info.Description = "Fleet API. Every /api path needs 'Authorization: Bearer <token>' (the token is in the data directory's api-token file).";
            return Task.CompletedTask;
        }));
        _live = new LiveFeed(Store, _log);
        CockpitSetup.AddCockpit(builder.Services, this, _live);
        _app = builder.Build();
        CockpitSetup.UseCockpit(_app);
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.Authorization.Count == 0 && CockpitViewer.Of(context.User) is CockpitViewer viewer)
            {
                if (await CockpitSetup.CheckApiCallAsync(context, viewer, Store) is IResult refused)
                {
                    await refused.ExecuteAsync(context);
                    return;
                }
            }
            else if (context.Request.Path.StartsWithSegments("/api"))
            {
                ApiTokenScope? scope = Tokens.ScopeOf(context.Request.Headers.Authorization);
                if (scope == null)
                {
                    // The answer does not say where the token lives on this machine: that is for its operator.
                    await Results.Problem("missing or wrong API token: send Authorization: Bearer <token> (the aggregator's api-token file)", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
                    return;
                }

                if (scope == ApiTokenScope.Read && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                {
                    await Results.Problem($"this token is read-only; {context.Request.Method} {context.Request.Path} needs an operator token", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
        FleetApi.Map(_app, Store, Commands, Outages);
        ConfigApi.Map(_app, Configs, Store);
        CockpitSetup.MapCockpit(_app);
        AlertApi.Map(_app, Store, Alerts.Rules);
        ReportApi.Map(_app, Store);
        PlanApi.Map(_app, Store, _options.Alerts);
        _app.MapOpenApi();
        _app.MapMetrics("/metrics");
        await _app.StartAsync();
        _alerting = Task.Run(AlertLoopAsync);
    }

    // Deadlines (link down long enough, reminders, escalation, all-clears) and the outbox, on every instance;
    // each step is claimed in the database, so several instances do each once.
    private async Task AlertLoopAsync()
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(_options.Alerts.TickMs));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await Drills.TickAsync();
                    Alerts.Tick();
                    await _sender.SendDueAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
                {
                    _log.WriteLine($"alerts: {ex.Message}; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static string Host(string address) => address.Contains(':') ? "[" + address + "]" : address == "0.0.0.0" ? "127.0.0.1" : address;

    private void ReportListeners()
    {
        if (Certificates != null)
        {
            _log.WriteLine($"tls: {(_options.Broker == "embedded" && _options.EffectiveMqttTlsPort() > 0 ? "MQTT on " + _options.ListenAddress + ":" + _options.EffectiveMqttTlsPort() : "no MQTT")}, "
                + $"{(_options.EffectiveHttpsPort() > 0 ? "HTTPS on " + _options.ListenAddress + ":" + _options.EffectiveHttpsPort() : "no HTTPS")}; certificate {Certificates.Source}; "
                + $"controllers verify SHA-256 {Certificates.Fingerprint}" + (Certificates.CaPem != null ? " (CA " + Path.Combine(_options.DataDirectory, ServerCertificates.CaFileName) + ")" : ""));
        }

        if (!_options.ListensOnLoopback() && _options.AllowPlaintext)
        {
            _log.WriteLine($"WARNING: plain MQTT ({_options.ListenAddress}:{_options.MqttPort}) and HTTP ({_options.ListenAddress}:{_options.HttpPort}) listen beyond loopback (AllowPlaintext): device passwords and API tokens cross the network in clear");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_alerting != null)
        {
            await _alerting;
        }

        _sender.Dispose();
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_live != null)
        {
            await _live.DisposeAsync();
        }

        await Broker.DisposeAsync();
        await Ingest.DisposeAsync();
        // What was stored is evaluated before the store closes.
        Alerts.Complete();
        await _evaluating;
        Store.Dispose();
    }
}
