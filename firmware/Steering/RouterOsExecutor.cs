using System;
using NfBond.Firmware.Json;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Steering;

/// <summary>
/// Applies the steering plan to a MikroTik router through RouterOS 7's REST API, for a controller on an
/// add-on board beside it. Each WAN link is one default route on the router whose comment is
/// <c>nfbond:LINK</c>; links that carry get distance 1 (equal distance: RouterOS spreads flows over them,
/// ECMP), links that do not are disabled, so their flows move. Every refusal comes back with the
/// router's own words, and the scheduler retries until the router takes the plan.
/// </summary>
/// <remarks>
/// RouterOS rather than OpenWrt's ubus: one documented HTTP+JSON API with Basic authentication on
/// every current RouterOS device, no session token to renew, and routes addressable by comment.
/// </remarks>
public sealed class RouterOsExecutor : ISteeringExecutor
{
    /// <summary>The prefix of the route comment that ties a router route to an nf-bond link.</summary>
    public const string CommentPrefix = "nfbond:";

    private readonly IHttpTransport _http;
    private readonly string _baseUrl;
    private readonly string _authorization;
    private readonly HttpExchange _exchange = new HttpExchange();
    private string[] _routeIds = new string[0];

    /// <summary>Creates the executor.</summary>
    /// <param name="http">The HTTP transport.</param>
    /// <param name="baseUrl">The router's address, e.g. "https://192.168.88.1".</param>
    /// <param name="user">The RouterOS user (a group with read and write policy).</param>
    /// <param name="password">Its password.</param>
    public RouterOsExecutor(IHttpTransport http, string baseUrl, string user, string password)
    {
        _http = http;
        _baseUrl = baseUrl.Length > 0 && baseUrl[baseUrl.Length - 1] == '/' ? baseUrl.Substring(0, baseUrl.Length - 1) : baseUrl;
        _authorization = "Basic " + Convert.ToBase64String(Utf8.GetBytes(user + ":" + password));
    }

    /// <summary>Gets or sets how long one request to the router may take (a busy RouterOS answers in well under a second).</summary>
    public int TimeoutMs { get; set; } = 3000;

    /// <summary>Finds each link's route on the router.</summary>
    /// <param name="entries">One entry per link.</param>
    /// <returns>Null when every link has exactly one route, else what is wrong, in the router's words where it answered.</returns>
    public string? Prepare(SteeringEntry[] entries)
    {
        string[] ids = StringUtil.NewArray(entries.Length, string.Empty);
        for (int i = 0; i < entries.Length; i++)
        {
            string comment = CommentPrefix + entries[i].Name;
            string? problem = Call("GET", "/rest/ip/route?comment=" + comment, "");
            if (problem != null)
            {
                return problem;
            }

            JsonArray? routes = Parse(_exchange.ResponseBody) as JsonArray;
            if (routes == null || routes.Count != 1 || !(routes[0] is JsonObject))
            {
                return "the router has " + (routes == null ? "no list" : routes.Count.ToString()) + " route(s) with comment \"" + comment
                    + "\"; exactly one default route per link is needed (/ip/route add dst-address=0.0.0.0/0 gateway=... comment=" + comment + ")";
            }

            string? id = ((JsonObject)routes[0]!).Get(".id") as string;
            if (id == null)
            {
                return "the router's route \"" + comment + "\" has no .id";
            }

            ids[i] = id;
        }

        _routeIds = ids;
        return null;
    }

    /// <summary>Enables the carrying links' routes at distance 1 and disables the others.</summary>
    /// <param name="entries">One entry per link.</param>
    /// <returns>Null when the router took every change, else the first refusal.</returns>
    public string? Apply(SteeringEntry[] entries)
    {
        if (_routeIds.Length != entries.Length)
        {
            string? prepared = Prepare(entries);
            if (prepared != null)
            {
                return prepared;
            }
        }

        for (int i = 0; i < entries.Length; i++)
        {
            string body = entries[i].Weight > 0 ? "{\"disabled\":\"false\",\"distance\":\"1\"}" : "{\"disabled\":\"true\"}";
            string? problem = Call("PATCH", "/rest/ip/route/" + _routeIds[i], body);
            if (problem != null)
            {
                // The route may have been removed or re-created on the router: look it up again next time.
                _routeIds = new string[0];
                return entries[i].Name + ": " + problem;
            }
        }

        return null;
    }

    private static object? Parse(string text)
    {
        try
        {
            return JsonReader.Parse(text);
        }
        catch (JsonParseException)
        {
            return null;
        }
    }

    private string? Call(string method, string path, string body)
    {
        _exchange.Method = method;
        _exchange.Url = _baseUrl + path;
        _exchange.Body = body;
        _exchange.Authorization = _authorization;
        _exchange.TimeoutMs = TimeoutMs;
        _exchange.Status = 0;
        _exchange.ResponseBody = string.Empty;
        _exchange.Error = string.Empty;
        _http.Send(_exchange);
        if (_exchange.Status == 0)
        {
            return "router unreachable at " + _baseUrl + ": " + _exchange.Error;
        }

        if (_exchange.Status >= 200 && _exchange.Status < 300)
        {
            return null;
        }

        // RouterOS answers errors as {"error":400,"message":"Bad Request","detail":"..."}.
        JsonObject? error = Parse(_exchange.ResponseBody) as JsonObject;
        string message = error != null && error.Get("message") is string ? (string)error.Get("message")! : string.Empty;
        string detail = error != null && error.Get("detail") is string ? (string)error.Get("detail")! : string.Empty;
        string words = detail.Length > 0 ? message + ": " + detail : message.Length > 0 ? message : _exchange.ResponseBody;
        if (_exchange.Status == 401)
        {
            return "the router refused the credentials (" + method + " " + path + ", HTTP 401 " + words + ")";
        }

        return "the router refused " + method + " " + path + " (HTTP " + _exchange.Status.ToString() + " " + words + ")";
    }
}
