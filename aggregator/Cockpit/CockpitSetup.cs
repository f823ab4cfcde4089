using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Localization;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Cockpit;

/// <summary>
/// Wires the cockpit into the aggregator's web application: cookie logins kept in the shared database,
/// Data Protection keys there too, anti-forgery, German and English, Razor Pages under Cockpit/Pages,
/// the embedded front-end files under /assets and the live feed as Server-Sent Events on /live/fleet.
/// </summary>
public static class CockpitSetup
{
    /// <summary>The session cookie's name.</summary>
    public const string SessionCookie = "nfbond-session";

    /// <summary>The anti-forgery cookie's name.</summary>
    public const string AntiforgeryCookie = "nfbond-csrf";

    /// <summary>The header an API call from a logged-in page carries its anti-forgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-Token";

    private static readonly CultureInfo[] s_cultures = [new("en"), new("de")];

    /// <summary>Registers the cockpit's services.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="host">The aggregator whose store, commands and accounts the pages use.</param>
    /// <param name="live">The live feed.</param>
    public static void AddCockpit(IServiceCollection services, AggregatorHost host, LiveFeed live)
    {
        services.AddSingleton(host.Store);
        services.AddSingleton(host.Commands);
        services.AddSingleton(host.Accounts);
        services.AddSingleton(new FleetView(host.Store));
        services.AddSingleton(host.Outages);
        services.AddSingleton(live);
        services.AddDataProtection().SetApplicationName("nf-bond-cockpit");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new StoredKeyRing(host.Store));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = SessionCookie;
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: the demo's login link is opened from a terminal, a cross-site navigation.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
            o.SessionStore = new StoredTicketStore(host.Store, TimeProvider.System);
            o.Events.OnRedirectToLogin = c => Refuse(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Refuse(c, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.HeaderName = AntiforgeryHeader;
        });
        services.AddLocalization();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Cockpit/Pages";
            o.Conventions.AuthorizeFolder("/");
        }).AddApplicationPart(typeof(CockpitSetup).Assembly);
    }

    /// <summary>Adds the middleware that must run before the endpoints: language, security headers, login.</summary>
    /// <param name="app">The application.</param>
    public static void UseCockpit(WebApplication app)
    {
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = s_cultures;
            o.SupportedUICultures = s_cultures;
        });
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                // Only our own scripts run (no inline script): an injected site name cannot become code.
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
            }

            await next(context);
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRouting();
        app.UseAuthentication();
    }

    /// <summary>Maps the pages, the front-end files, the language switch and the live feed.</summary>
    /// <param name="app">The application.</param>
    public static void MapCockpit(WebApplication app)
    {
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/assets/{name}", (string name) => Asset(name)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/language/{culture}", (HttpContext context, string culture, string? back) =>
        {
            string chosen = s_cultures.Any(c => c.Name == culture) ? culture : "en";
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalPath(back));
        }).AllowAnonymous().ExcludeFromDescription();
        // An open page's stream ends when the aggregator stops, or Ctrl+C would wait for every browser tab.
        CancellationToken stopping = app.Lifetime.ApplicationStopping;
        app.MapGet("/live/fleet", (HttpContext context, LiveFeed live, IFleetStore store) =>
            CockpitViewer.Of(context.User) is CockpitViewer viewer
                ? TypedResults.ServerSentEvents(Changes(viewer, live, store, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping)))
                : Results.Unauthorized()).ExcludeFromDescription();
    }

    /// <summary>
    /// Keeps a redirect target on this host: an open redirect would let a phishing link pass through our pages.
    /// </summary>
    /// <param name="url">The requested target.</param>
    /// <returns>It when it is a local path, else "/".</returns>
    public static string LocalPath(string? url) =>
        url != null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    /// <summary>
    /// Checks an API call made with a login cookie instead of a token: the user sees only their tenant's
    /// sites and controllers (others answer 404, as if absent), customers may only read, and a page's
    /// writing call carries its anti-forgery token.
    /// </summary>
    /// <param name="context">The request, routed.</param>
    /// <param name="viewer">The logged-in user.</param>
    /// <param name="store">The fleet store.</param>
    /// <returns>Null when it may go on, else the answer.</returns>
    public static async Task<IResult?> CheckApiCallAsync(HttpContext context, CockpitViewer viewer, IFleetStore store)
    {
        bool reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        IReadOnlyDictionary<string, string> tenants = store.SiteTenants();
        if (context.Request.RouteValues.TryGetValue("device", out object? d) && d is string device
            && (store.FindDevice(device) is not DeviceRecord record || !viewer.MaySee(record.Site, tenants)))
        {
            return Results.Problem($"no controller {device}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (context.Request.RouteValues.TryGetValue("site", out object? s) && s is string site && !viewer.MaySee(site, tenants))
        {
            return Results.Problem($"no site {site}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (context.Request.RouteValues.TryGetValue("tenant", out object? t) && t is string tenant && viewer.Role == CockpitRole.Customer && tenant != viewer.Tenant)
        {
            return Results.Problem($"no tenant {tenant}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (!reads && !viewer.MayAct)
        {
            return Results.Problem($"{viewer.Name} is a customer and may only read; {context.Request.Method} {context.Request.Path} needs a technician or administrator", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (!reads && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return Results.Problem($"a call with a login cookie must carry the page's anti-forgery token in {AntiforgeryHeader}", statusCode: StatusCodes.Status400BadRequest, title: "Anti-forgery token missing");
        }

        return null;
    }

    /// <summary>Tells whether the caller may see a site: machines with a token see all, users their tenant's.</summary>
    /// <param name="context">The request.</param>
    /// <param name="site">The site.</param>
    /// <param name="tenants">Each site's tenant.</param>
    /// <returns>True when visible.</returns>
    public static bool Visible(HttpContext context, string site, IReadOnlyDictionary<string, string> tenants) =>
        context.Request.Headers.Authorization.Count > 0 || CockpitViewer.Of(context.User) is not CockpitViewer viewer || viewer.MaySee(site, tenants);

    private static async IAsyncEnumerable<SseItem<string>> Changes(CockpitViewer viewer, LiveFeed live, IFleetStore store, CancellationTokenSource ending)
    {
        using (ending)
        {
            yield return new SseItem<string>("[]", "hello");
            await foreach (string[] sites in live.Listen(ending.Token))
            {
                IReadOnlyDictionary<string, string> tenants = store.SiteTenants();
                string[] visible = [.. sites.Where(s => viewer.MaySee(s, tenants))];
                if (visible.Length > 0)
                {
                    yield return new SseItem<string>(JsonSerializer.Serialize(visible), "sites");
                }
            }
        }
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/live") || status == StatusCodes.Status403Forbidden)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static IResult Asset(string name)
    {
        Stream? stream = name.Contains('/') ? null : typeof(CockpitSetup).Assembly.GetManifestResourceStream("cockpit/" + name);
        if (stream == null)
        {
            return Results.NotFound();
        }

        string type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : name.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "application/octet-stream";
        return Results.Stream(stream, type + "; charset=utf-8");
    }
}
