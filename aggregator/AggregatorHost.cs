using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Broker;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;
using Prometheus;

namespace NfBond.Aggregator;

/// <summary>
/// The aggregator with its defaults: embedded broker, SQLite in the data directory, REST API with a
/// bearer token (created on first start in <c>api-token</c>), Prometheus metrics at <c>/metrics</c>.
/// Everything listens on loopback unless configured.
/// </summary>
public sealed class AggregatorHost : IAsyncDisposable
{
    private readonly AggregatorOptions _options;
    private WebApplication? _app;

    /// <summary>Opens the store and prepares the parts.</summary>
    /// <param name="options">The settings.</param>
    public AggregatorHost(AggregatorOptions options)
    {
        _options = options;
        Directory.CreateDirectory(options.DataDirectory);
        Store = new SqliteFleetStore(Path.Combine(options.DataDirectory, "fleet.db"));
        Registry = new DeviceRegistry(Store);
        Ingest = new IngestPipeline(Store);
        Broker = new EmbeddedBroker(options, Registry, Ingest);
        ApiToken = LoadOrCreateToken(Path.Combine(options.DataDirectory, "api-token"));
    }

    /// <summary>Gets the store.</summary>
    public IFleetStore Store { get; }

    /// <summary>Gets the device registry.</summary>
    public DeviceRegistry Registry { get; }

    /// <summary>Gets the ingest pipeline.</summary>
    public IngestPipeline Ingest { get; }

    /// <summary>Gets the embedded broker.</summary>
    public EmbeddedBroker Broker { get; }

    /// <summary>Gets the API token.</summary>
    public string ApiToken { get; }

    /// <summary>Starts the broker and the HTTP API.</summary>
    /// <returns>Completes when both listen.</returns>
    public async Task StartAsync()
    {
        await Broker.StartAsync();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(_options.ListenAddress), _options.HttpPort));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.Authorization != "Bearer " + ApiToken)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = "missing or wrong API token: send Authorization: Bearer <token from " + Path.Combine(_options.DataDirectory, "api-token") + ">" });
                return;
            }

            await next(context);
        });
        MapApi(_app);
        _app.MapMetrics("/metrics");
        await _app.StartAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Broker.DisposeAsync();
        await Ingest.DisposeAsync();
        Store.Dispose();
    }

    private void MapApi(WebApplication app)
    {
        app.MapGet("/api/sites", () => Results.Ok(Store.Sites()));
        app.MapGet("/api/controllers", (string? site) => Results.Ok(Store.Controllers(site)));
        app.MapGet("/api/controllers/{device}/state", (string device) => Store.Latest(device, "state") is JsonElement state ? Results.Ok(state) : Results.NotFound(new { error = "no state from " + device + " yet" }));
        app.MapGet("/api/controllers/{device}/events", (string device, long? after, int? limit) => Results.Ok(Store.Events(device, after ?? 0, Math.Clamp(limit ?? 100, 1, 10_000))));
        app.MapGet("/api/controllers/{device}/outages", (string device) => Results.Ok(OutageCalculator.Compute(Store.Events(device, 0, int.MaxValue))));
        app.MapGet("/api/controllers/{device}/availability", (string device, long from, long to) =>
        {
            List<Outage> outages = OutageCalculator.Compute(Store.Events(device, 0, int.MaxValue));
            string[] scopes = outages.Select(o => o.Scope).Append("*").Distinct().ToArray();
            return Results.Ok(scopes.ToDictionary(s => s == "*" ? "site" : s, s => OutageCalculator.Availability(outages, s, from, to)));
        });
        app.MapPost("/api/controllers/{device}/commands", async (string device, JsonElement request) =>
        {
            DeviceRecord? record = Store.FindDevice(device);
            if (record == null)
            {
                return Results.NotFound(new { error = "no controller " + device });
            }

            if (!request.TryGetProperty("cmd", out JsonElement cmd) || cmd.ValueKind != JsonValueKind.String)
            {
                return Results.BadRequest(new { error = "body needs \"cmd\" (string) and optionally \"args\" (object)" });
            }

            JsonElement args = request.TryGetProperty("args", out JsonElement a) && a.ValueKind == JsonValueKind.Object ? a : JsonDocument.Parse("{}").RootElement;
            string id = "c-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
            await Broker.PublishAsync($"nfbond/v1/{record.Site}/{device}/cmd", CommandSigner.Sign(record, id, cmd.GetString()!, args, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            return Results.Accepted(value: new { id, topic = $"nfbond/v1/{record.Site}/{device}/cmd/res" });
        });
    }

    private static string LoadOrCreateToken(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return token;
    }
}
