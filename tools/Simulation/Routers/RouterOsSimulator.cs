using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NfBond.Simulation.Routers;

/// <summary>
/// A MikroTik router's REST API (RouterOS 7, <c>/rest/ip/route</c>) on a loopback port, for testing the
/// router executor: Basic authentication, GET with property filters, PATCH of a route by its .id with
/// string-valued properties, and errors as RouterOS writes them
/// (<c>{"error":400,"message":"Bad Request","detail":"..."}</c>). Faults: refuse every change, go away.
/// </summary>
public sealed class RouterOsSimulator : IAsyncDisposable
{
    private static readonly string[] s_writable = ["disabled", "distance", "gateway", "comment"];
    private readonly string _user;
    private readonly string _password;
    private readonly object _gate = new();
    private readonly List<JsonObject> _routes = [];
    private WebApplication? _app;

    /// <summary>Creates the router with the given credentials; nothing listens until <see cref="StartAsync"/>.</summary>
    public RouterOsSimulator(string user, string password)
    {
        _user = user;
        _password = password;
    }

    /// <summary>Gets the base URL, once started.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Gets or sets the detail of the refusal every change gets, or null to accept changes.</summary>
    public string? RefuseChanges { get; set; }

    /// <summary>Gets how many PATCH requests were accepted.</summary>
    public int AcceptedChanges { get; private set; }

    /// <summary>Adds a default route as <c>/ip/route add dst-address=0.0.0.0/0 gateway=G comment=C</c> would.</summary>
    public string AddRoute(string gateway, string comment, int distance = 1)
    {
        lock (_gate)
        {
            string id = "*" + (_routes.Count + 1).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
            _routes.Add(new JsonObject
            {
                [".id"] = id, ["dst-address"] = "0.0.0.0/0", ["gateway"] = gateway, ["distance"] = distance.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["disabled"] = "false", ["comment"] = comment,
            });
            return id;
        }
    }

    /// <summary>Gets a route's property by its comment.</summary>
    public string Property(string comment, string name)
    {
        lock (_gate)
        {
            return _routes.Single(r => (string?)r["comment"] == comment)[name]!.GetValue<string>();
        }
    }

    /// <summary>Starts listening on 127.0.0.1 (port 0 = any free one).</summary>
    public async Task StartAsync(int port = 0)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapGet("/rest/ip/route", List);
        _app.MapMethods("/rest/ip/route/{id}", ["PATCH"], Patch);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
    }

    /// <summary>Stops listening (the router goes away); <see cref="StartAsync"/> may bring it back on the same port.</summary>
    public async Task StopAsync()
    {
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync();

    private static IResult Error(int status, string message, string? detail = null)
    {
        JsonObject body = new() { ["error"] = status, ["message"] = message };
        if (detail != null)
        {
            body["detail"] = detail;
        }

        return Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);
    }

    private bool Authorised(HttpRequest request)
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_user + ":" + _password));
        return request.Headers.Authorization.ToString() == expected;
    }

    private IResult List(HttpRequest request)
    {
        if (!Authorised(request))
        {
            return Error(401, "Unauthorized");
        }

        lock (_gate)
        {
            IEnumerable<JsonObject> matching = _routes.Where(r => request.Query.All(q => (string?)r[q.Key] == q.Value.ToString()));
            return Results.Text(new JsonArray(matching.Select(r => (JsonNode)r.DeepClone()).ToArray()).ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> Patch(HttpRequest request, string id)
    {
        if (!Authorised(request))
        {
            return Error(401, "Unauthorized");
        }

        JsonObject? changes;
        try
        {
            changes = await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Error(400, "Bad Request", "JSON parsing error: " + ex.Message);
        }

        if (changes == null)
        {
            return Error(400, "Bad Request", "expected a JSON object");
        }

        lock (_gate)
        {
            JsonObject? route = _routes.FirstOrDefault(r => (string?)r[".id"] == id);
            if (route == null)
            {
                return Error(404, "Not Found", "no such item");
            }

            foreach (KeyValuePair<string, JsonNode?> change in changes)
            {
                if (!s_writable.Contains(change.Key))
                {
                    return Error(400, "Bad Request", "unknown parameter " + change.Key);
                }

                if (change.Value is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                {
                    return Error(400, "Bad Request", "value of " + change.Key + " must be a string");
                }
            }

            if (RefuseChanges != null)
            {
                return Error(400, "Bad Request", RefuseChanges);
            }

            foreach (KeyValuePair<string, JsonNode?> change in changes)
            {
                route[change.Key] = change.Value!.GetValue<string>();
            }

            AcceptedChanges++;
            return Results.Text(route.ToJsonString(), "application/json");
        }
    }
}
