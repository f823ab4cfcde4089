using System.Net;
using NfBond.Aggregator.Accounts;

namespace NfBond.Cockpit.Tests;

/// <summary>Logging in and out in the browser, throttling, the one-time link, both languages.</summary>
[Collection("cockpit")]
public sealed class LoginTests
{
    private readonly CockpitFixture _f;

    public LoginTests(CockpitFixture fixture) => _f = fixture;

    [Fact]
    public async Task A_user_logs_in_sees_the_fleet_and_after_logging_out_the_old_session_opens_nothing()
    {
        IBrowserContext context = await _f.Browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + NfBond.Cli.Demo.DemoFleet.Workshop);
        Assert.StartsWith(_f.Aggregator.BaseUrl + "/login", page.Url, StringComparison.Ordinal);

        await page.GetByTestId("name").FillAsync("tech");
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("login").ClickAsync();
        Assert.Contains("wrong user name or password", await page.GetByTestId("login-error").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByTestId("name").FillAsync("tech");
        await page.GetByTestId("password").FillAsync(CockpitFixture.TechnicianPassword);
        await page.GetByTestId("login").ClickAsync();
        await page.WaitForURLAsync(_f.Aggregator.BaseUrl + "/sites/" + NfBond.Cli.Demo.DemoFleet.Workshop);
        Assert.Contains("tech", await page.GetByTestId("who").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/");
        Assert.Equal(3, await page.Locator("tr[data-site]").CountAsync());
        await CockpitFixture.ShotAsync(page, "fleet-overview");
        IReadOnlyList<BrowserContextCookiesResult> cookies = await context.CookiesAsync();

        await page.GetByTestId("logout").ClickAsync();
        await page.WaitForURLAsync(_f.Aggregator.BaseUrl + "/logout");

        // The session is gone from the database, not only from this browser: its cookie, replayed, opens nothing.
        IBrowserContext replay = await _f.Browser.NewContextAsync();
        await replay.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        IPage again = await replay.NewPageAsync();
        await again.GotoAsync(_f.Aggregator.BaseUrl + "/");
        Assert.StartsWith(_f.Aggregator.BaseUrl + "/login", again.Url, StringComparison.Ordinal);
        await context.CloseAsync();
        await replay.CloseAsync();
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_for_a_while()
    {
        _f.Aggregator.Accounts.Save("victim", CockpitRole.Technician, "", "victim-pass-123");
        using HttpClient http = new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_f.Aggregator.BaseUrl) };
        for (int i = 0; i < CockpitAccounts.MaxFailuresPerUser; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(http, "victim", "guess-" + i)).StatusCode);
        }

        HttpResponseMessage right = await LoginAsync(http, "victim", "victim-pass-123");
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("too many failed logins", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_link_works_once()
    {
        string token = _f.Aggregator.Accounts.CreateLoginLink("tech", TimeSpan.FromMinutes(5));
        IBrowserContext first = await _f.Browser.NewContextAsync();
        IPage page = await first.NewPageAsync();
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/login/link/" + token);
        Assert.Equal(_f.Aggregator.BaseUrl + "/", page.Url);
        Assert.Contains("tech", await page.GetByTestId("who").InnerTextAsync(), StringComparison.Ordinal);

        IBrowserContext second = await _f.Browser.NewContextAsync();
        IPage other = await second.NewPageAsync();
        IResponse? used = await other.GotoAsync(_f.Aggregator.BaseUrl + "/login/link/" + token);
        Assert.Equal(404, used!.Status);
        await first.CloseAsync();
        await second.CloseAsync();
    }

    [Fact]
    public async Task The_cockpit_speaks_german_when_asked()
    {
        IBrowserContext context = await _f.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE" });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/login");
        Assert.Equal("Anmelden", (await page.GetByTestId("login").InnerTextAsync()).Trim());

        await page.GotoAsync(_f.Aggregator.BaseUrl + "/language/en?back=/login");
        Assert.Equal("Log in", (await page.GetByTestId("login").InnerTextAsync()).Trim());
        await context.CloseAsync();
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient http, string name, string password)
    {
        string form = await http.GetStringAsync("/login");
        string token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = name, ["password"] = password, ["__RequestVerificationToken"] = token }));
    }
}
