using NfBond.Aggregator.Cockpit;
using NfBond.Cli.Demo;

namespace NfBond.Cockpit.Tests;

/// <summary>The overview and the site page in the browser: live status, charts, drills, the phone layout.</summary>
[Collection("cockpit")]
public sealed class FleetTests
{
    private readonly CockpitFixture _f;

    public FleetTests(CockpitFixture fixture) => _f = fixture;

    [Fact]
    public async Task A_site_turns_down_on_the_open_overview_within_5_s_of_its_controller_reporting_it()
    {
        // Both links up first (the simulated modem registers in about 40 s), so both must fail.
        await Eventually.HoldsAsync(() => _f.StatusOf(DemoFleet.Restaurant) == SiteStatus.Online, 90000, "the restaurant's fiber and LTE to be up");
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword);
        ILocator row = page.Locator($"tr[data-site='{DemoFleet.Restaurant}']");
        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-status", "down");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        try
        {
            // The fiber is cut and the LTE network drops the data session and refuses a new one (the modem's
            // own pings carry the LTE link's probes, so cutting wwan0 alone would not take it down).
            _f.OnLoop(() =>
            {
                _f.Fleet.Sites[0].Networks[0].Cut("wan1");
                _f.Fleet.Sites[0].Networks[0].Cut("wwan0");
                if (_f.Fleet.Sites[0].Modem(0) is { } modem)
                {
                    modem.Faults.NoData = true;
                    modem.DropDataSession();
                }
            });
            await Eventually.HoldsAsync(() => _f.StatusOf(DemoFleet.Restaurant) == SiteStatus.Down, 20000, "the aggregator to store the restaurant's down state");

            // From the moment it is stored, the open page has 5 s, without a reload.
            await Assertions.Expect(page.Locator($"tr[data-site='{DemoFleet.Restaurant}']")).ToHaveAttributeAsync("data-status", "down", new LocatorAssertionsToHaveAttributeOptions { Timeout = 5000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
            await CockpitFixture.ShotAsync(page, "overview-site-down");
        }
        finally
        {
            _f.OnLoop(() =>
            {
                _f.Fleet.Sites[0].Networks[0].Cut("wan1", false);
                _f.Fleet.Sites[0].Networks[0].Cut("wwan0", false);
                if (_f.Fleet.Sites[0].Modem(0) is { } modem)
                {
                    modem.Faults.NoData = false;
                }
            });
        }

        await Assertions.Expect(page.Locator($"tr[data-site='{DemoFleet.Restaurant}']")).Not.ToHaveAttributeAsync("data-status", "down", new LocatorAssertionsToHaveAttributeOptions { Timeout = 20000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_site_page_draws_each_links_chart_with_data_points()
    {
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword);
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Workshop);
        await page.Locator("button[data-range='1h']").ClickAsync();
        foreach (string link in new[] { "cable", "starlink", "lte" })
        {
            ILocator figure = page.Locator($"figure.chart[data-link='{link}']");
            await Assertions.Expect(figure).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
            await Assertions.Expect(figure.Locator(".plot[data-kind='quality'] canvas")).ToHaveCountAsync(1);
        }

        // The cellular link also has its signal and its data volume against the cap.
        await Assertions.Expect(page.Locator("figure.chart[data-link='lte'] .plot[data-kind='signal'] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("figure.chart[data-link='lte'] .plot[data-kind='data'] canvas")).ToHaveCountAsync(1);
        Assert.Equal(3, await page.GetByTestId("links").Locator("tbody tr").CountAsync());
        await CockpitFixture.ShotAsync(page, "site-charts");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_drill_started_from_the_site_page_shows_the_controllers_answer_and_the_drill_result()
    {
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword);
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Workshop);
        await page.GetByTestId("action-cmd").SelectOptionAsync("run_drill");
        await page.GetByTestId("action-link").SelectOptionAsync("cable");
        await page.GetByTestId("action-seconds").FillAsync("3");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByTestId("action-send").ClickAsync();

        ILocator outcome = page.GetByTestId("command-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("run_drill", new LocatorAssertionsToContainTextOptions { Timeout = 15000 });
        string text = await outcome.InnerTextAsync();
        Assert.Contains("done", text, StringComparison.Ordinal);
        Assert.Contains("traffic moved to", text, StringComparison.Ordinal);
        Assert.Contains("\"ok\":true", text, StringComparison.Ordinal);
        await CockpitFixture.ShotAsync(page, "site-drill");

        // When the drill has ended and the cable is back, the run is in the site's drill log and in the emergency plan's.
        await Eventually.HoldsAsync(() => _f.Aggregator.Store.Events("werkstatt-schmidt-ctl", 0, 10_000).Any(e => e.GetProperty("kind").GetString() == "drill_result"), 30000, "the drill's result");
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Workshop);
        ILocator run = page.GetByTestId("drill-runs").Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = "cable" }).First;
        await Assertions.Expect(run).ToContainTextAsync("passed");
        string switchTime = await run.Locator("td").Nth(4).InnerTextAsync();
        Assert.Matches("^[0-9]+ ms$", switchTime);
        await page.GetByTestId("plan-open").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("IT emergency plan: werkstatt-schmidt");
        ILocator log = page.Locator("table", new PageLocatorOptions { Has = page.Locator("th", new PageLocatorOptions { HasText = "Measured switch time" }) });
        await Assertions.Expect(log.Locator("tr").Filter(new LocatorFilterOptions { HasText = "cable" }).First).ToContainTextAsync(switchTime);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_customer_reads_their_emergency_plan_in_german_and_no_other_tenants()
    {
        IPage page = await _f.LoginAsync("luca", CockpitFixture.CustomerPassword);
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Restaurant + "?culture=de");
        await Assertions.Expect(page.GetByTestId("plan-status")).ToContainTextAsync("Notfallplan: Version 1");
        await Assertions.Expect(page.GetByTestId("plan-status")).ToContainTextAsync("freigegeben von demo");
        await page.GetByTestId("plan-open").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("IT-Notfallplan: trattoria-luca");
        await Assertions.Expect(page.Locator("h2").Nth(2)).ToHaveTextAsync("3. Notfallkarte");
        await CockpitFixture.ShotAsync(page, "emergency-plan-de");
        IAPIResponse other = await page.APIRequest.GetAsync(_f.Aggregator.BaseUrl + "/api/sites/" + DemoFleet.Practice + "/plan");
        Assert.Equal(404, other.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_overview_rows_become_cards_that_fit_the_screen()
    {
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword, new ViewportSize { Width = 390, Height = 844 });
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('table.sites thead')).display"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the overview scrolls sideways on a phone");
        await CockpitFixture.ShotAsync(page, "overview-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_practice_shows_both_controllers_and_their_vrrp_roles()
    {
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword);
        await page.GotoAsync(_f.Aggregator.BaseUrl + "/sites/" + DemoFleet.Practice);
        await Assertions.Expect(page.GetByTestId("vrrp-praxis-mueller-a")).ToContainTextAsync("master", new LocatorAssertionsToContainTextOptions { Timeout = 15000 });
        await Assertions.Expect(page.GetByTestId("vrrp-praxis-mueller-b")).ToContainTextAsync("backup");
        await page.Context.CloseAsync();
    }
}
