using System.Text;
using System.Text.Json;
using NfBond.Aggregator.Configs;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>The config registry's REST endpoints: versions, publish, diff, rollback.</summary>
public static class ConfigApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="configs">The registry.</param>
    /// <param name="store">The fleet store.</param>
    public static void Map(WebApplication app, ConfigRegistry configs, IFleetStore store)
    {
        app.MapGet("/api/sites/{site}/config", (string site, int? version) => store.Config(site, version ?? 0) is ConfigVersion v
                ? Results.Text(SiteSecrets.Hide(v.Body), "application/json")
                : Results.Problem(version == null ? $"site {site} has no config yet" : $"site {site} has no config version {version}", statusCode: 404))
            .WithSummary("The site file: the latest version, or ?version=N; SIM PINs and APN passwords read \"<secret>\" (send that back to keep them).");
        app.MapGet("/api/sites/{site}/config/versions", (string site) => Results.Ok(store.ConfigVersions(site).Select(v => new { v.Version, v.Hash, v.Created, v.Note })))
            .WithSummary("The site's config versions, newest first.");
        app.MapPut("/api/sites/{site}/config", async (string site, string? note, HttpRequest request) =>
            {
                using StreamReader reader = new(request.Body, Encoding.UTF8);
                string text = await reader.ReadToEndAsync();
                return Answer(await configs.PublishAsync(site, text, note ?? "api"));
            })
            .Accepts<JsonElement>("application/json")
            .WithSummary("Stores the body (a site file, as `nfbond config validate` checks it) as the next version and sends it to the site's controllers.");
        app.MapPost("/api/sites/{site}/config/rollback", async (string site, int to) => Answer(await configs.RollbackAsync(site, to)))
            .WithSummary("Makes version ?to= the latest again (as a new version) and sends it.");
        app.MapGet("/api/sites/{site}/config/diff", (string site, int from, int? to) =>
            {
                ConfigVersion? a = store.Config(site, from);
                ConfigVersion? b = store.Config(site, to ?? 0);
                if (a == null || b == null)
                {
                    return Results.Problem($"site {site} has no config version {(a == null ? from : to)}", statusCode: 404);
                }

                return Results.Ok(new { from = a.Version, to = b.Version, changes = ConfigDiff.Compare(a.Body, b.Body) });
            })
            .WithSummary("What changed from version ?from= to ?to= (default latest), one line per value.");
    }

    private static IResult Answer(ConfigPublishResult result) => result.Stored == null
        ? Results.Problem("config refused: " + string.Join("; ", result.Problems), statusCode: 400, title: "Config refused", extensions: new Dictionary<string, object?> { ["problems"] = result.Problems })
        : Results.Created($"/api/sites/{result.Stored.Site}/config?version={result.Stored.Version}", new { result.Stored.Version, result.Stored.Hash, sent_to = result.SentTo });
}
