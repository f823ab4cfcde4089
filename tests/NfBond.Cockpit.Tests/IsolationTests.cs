using System.Text.Json;
using NfBond.Cli.Demo;

namespace NfBond.Cockpit.Tests;

/// <summary>A customer sees only their own tenant's sites, in the browser and through the API, and cannot act.</summary>
[Collection("cockpit")]
public sealed class IsolationTests
{
    private readonly CockpitFixture _f;

    public IsolationTests(CockpitFixture fixture) => _f = fixture;

    [Fact]
    public async Task A_customer_sees_only_their_own_site_in_the_overview()
    {
        IPage page = await _f.LoginAsync("luca", CockpitFixture.CustomerPassword);
        ILocator rows = page.Locator("tr[data-site]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        Assert.Equal(DemoFleet.Restaurant, await rows.First.GetAttributeAsync("data-site"));
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Restaurant);
        Assert.Equal(0, await page.GetByTestId("action-send").CountAsync());
        await CockpitFixture.ShotAsync(page, "customer-own-site");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_customer_cannot_open_another_tenants_site_by_url_or_its_charts()
    {
        IPage page = await _f.LoginAsync("luca", CockpitFixture.CustomerPassword);
        IResponse? other = await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Practice);
        Assert.Equal(404, other!.Status);
        IAPIResponse series = await page.APIRequest.GetAsync($"{_f.Aggregator.BaseUrl}/sites/{DemoFleet.Practice}?handler=Series&device=praxis-mueller-a&link=dsl&range=1h");
        Assert.Equal(404, series.Status);
        IAPIResponse rows = await page.APIRequest.GetAsync($"{_f.Aggregator.BaseUrl}/?handler=Rows&sites={DemoFleet.Practice},{DemoFleet.Workshop}");
        Assert.DoesNotContain("data-site=", await rows.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Through_the_api_a_customer_gets_only_their_tenant_and_no_command_goes_out()
    {
        IPage page = await _f.LoginAsync("luca", CockpitFixture.CustomerPassword);
        string api = _f.Aggregator.BaseUrl + "/api";

        using JsonDocument sites = JsonDocument.Parse(await (await page.APIRequest.GetAsync(api + "/sites")).TextAsync());
        Assert.Equal([DemoFleet.Restaurant], sites.RootElement.EnumerateArray().Select(s => s.GetProperty("site").GetString()));
        using JsonDocument controllers = JsonDocument.Parse(await (await page.APIRequest.GetAsync(api + "/controllers")).TextAsync());
        Assert.All(controllers.RootElement.EnumerateArray(), c => Assert.Equal(DemoFleet.Restaurant, c.GetProperty("site").GetString()));
        Assert.Equal(404, (await page.APIRequest.GetAsync(api + "/controllers/praxis-mueller-a/state")).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync(api + $"/sites/{DemoFleet.Workshop}/outages")).Status);
        Assert.Equal(200, (await page.APIRequest.GetAsync(api + "/controllers/trattoria-luca-ctl/state")).Status);

        // Even with the page's own anti-forgery token, a customer's command is refused, for its own site too.
        string csrf = await page.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
        IAPIResponse command = await page.APIRequest.PostAsync(api + "/controllers/trattoria-luca-ctl/commands", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json" },
            Data = "{\"cmd\":\"resync\"}",
        });
        Assert.Equal(403, command.Status);
        IAPIResponse form = await page.APIRequest.PostAsync($"{_f.Aggregator.BaseUrl}/sites/{DemoFleet.Restaurant}?handler=Command", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("device", "trattoria-luca-ctl").Set("cmd", "resync").Set("__RequestVerificationToken", csrf),
        });
        Assert.Equal(403, form.Status);

        // A machine's token still sees the whole fleet.
        using HttpClient http = new();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _f.Aggregator.ApiToken);
        using JsonDocument all = JsonDocument.Parse(await http.GetStringAsync(api + "/sites"));
        Assert.Equal(3, all.RootElement.GetArrayLength());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_technicians_command_through_the_api_needs_the_pages_anti_forgery_token()
    {
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword);
        IAPIResponse forged = await page.APIRequest.PostAsync(_f.Aggregator.BaseUrl + "/api/controllers/trattoria-luca-ctl/commands", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Data = "{\"cmd\":\"resync\"}",
        });
        Assert.Equal(400, forged.Status);
        Assert.Contains("anti-forgery", await forged.TextAsync(), StringComparison.Ordinal);

        string csrf = await page.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
        IAPIResponse sent = await page.APIRequest.PostAsync(_f.Aggregator.BaseUrl + "/api/controllers/trattoria-luca-ctl/commands", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json" },
            Data = "{\"cmd\":\"resync\"}",
        });
        Assert.Equal(202, sent.Status);
        await page.Context.CloseAsync();
    }
}
