using NfBond.Aggregator.Accounts;
using NfBond.Cli.Demo;

namespace NfBond.Cockpit.Tests;

/// <summary>User management in the browser: administrators only.</summary>
[Collection("cockpit")]
public sealed class UsersTests
{
    private readonly CockpitFixture _f;

    public UsersTests(CockpitFixture fixture) => _f = fixture;

    [Fact]
    public async Task The_first_run_administrator_adds_a_customer_who_then_sees_only_their_tenant()
    {
        string password = File.ReadAllText(Path.Combine(_f.Aggregator.Options.DataDirectory, CockpitAccounts.FirstPasswordFile)).Trim();
        IPage admin = await _f.LoginAsync("admin", password);
        await admin.GetByTestId("nav-users").ClickAsync();
        await admin.GetByTestId("user-name").FillAsync("dr-mueller");
        await admin.GetByTestId("user-role").SelectOptionAsync("customer");
        await admin.GetByTestId("user-password").FillAsync("praxis-password-1");
        await admin.GetByTestId("user-save").ClickAsync();
        Assert.Contains("a customer needs the tenant whose sites they see", await admin.GetByTestId("users-message").InnerTextAsync(), StringComparison.Ordinal);

        await admin.GetByTestId("user-name").FillAsync("dr-mueller");
        await admin.GetByTestId("user-role").SelectOptionAsync("customer");
        await admin.GetByTestId("user-tenant").FillAsync(DemoFleet.Practice);
        await admin.GetByTestId("user-password").FillAsync("praxis-password-1");
        await admin.GetByTestId("user-save").ClickAsync();
        await Assertions.Expect(admin.Locator("tr[data-user='dr-mueller']")).ToContainTextAsync(DemoFleet.Practice);
        await CockpitFixture.ShotAsync(admin, "users");

        IPage doctor = await _f.LoginAsync("dr-mueller", "praxis-password-1");
        Assert.Equal([DemoFleet.Practice], await doctor.Locator("tr[data-site]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.site)"));
        Assert.Equal(0, await doctor.GetByTestId("nav-users").CountAsync());
        await admin.Context.CloseAsync();
        await doctor.Context.CloseAsync();
    }

    [Fact]
    public async Task A_technician_may_not_manage_users()
    {
        IPage page = await _f.LoginAsync("tech", CockpitFixture.TechnicianPassword);
        Assert.Equal(0, await page.GetByTestId("nav-users").CountAsync());
        IResponse? users = await page.GotoAsync(_f.Aggregator.BaseUrl + "/users");
        Assert.Equal(403, users!.Status);
        await page.Context.CloseAsync();
    }
}
