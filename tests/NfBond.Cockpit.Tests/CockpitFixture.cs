using NfBond.Aggregator;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Cockpit;
using NfBond.Cli.Demo;
using NfBond.Firmware.Runtime;

namespace NfBond.Cockpit.Tests;

/// <summary>
/// One aggregator with its cockpit and the demo's three simulated shops reporting to it over MQTT (no
/// scripted incidents: the tests make their own), and Debian's chromium driven by Playwright.
/// </summary>
public sealed class CockpitFixture : IAsyncLifetime
{
    /// <summary>The technician's password.</summary>
    public const string TechnicianPassword = "technician-pass-1";

    /// <summary>The restaurant owner's password (a customer of the restaurant's tenant).</summary>
    public const string CustomerPassword = "customer-pass-1";

    private Thread? _loopThread;
    private IPlaywright? _playwright;

    /// <summary>Gets the aggregator.</summary>
    public AggregatorHost Aggregator { get; private set; } = null!;

    /// <summary>Gets the simulated shops.</summary>
    public DemoFleet Fleet { get; private set; } = null!;

    /// <summary>Gets the loop the shops' controllers run on.</summary>
    public EventLoop Loop { get; private set; } = null!;

    /// <summary>Gets the browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Gets where screenshots go (under the test results).</summary>
    public static string Screenshots => Path.Combine(Environment.GetEnvironmentVariable("NFBOND_TEST_RESULTS") ?? Path.Combine(RepoRoot(), "tests", "TestResults"), "screenshots");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        LabTools.Ensure(Console.Out, [("chromium", "chromium")]);
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-cockpit").FullName };
        Aggregator = new AggregatorHost(options, TextWriter.Null);
        await Aggregator.StartAsync();
        Aggregator.Accounts.Save("tech", CockpitRole.Technician, "", TechnicianPassword);
        Aggregator.Accounts.Save("luca", CockpitRole.Customer, DemoFleet.Restaurant, CustomerPassword);
        Loop = new EventLoop(new SystemClock());
        Fleet = new DemoFleet(Loop, Aggregator);
        Fleet.Start();
        _loopThread = new Thread(Loop.Run) { IsBackground = true, Name = "demo fleet" };
        _loopThread.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
        await Eventually.HoldsAsync(() => Aggregator.Store.Snapshots(null).Count(s => s.State != null) == 4, 30000, "every controller's first state");
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        Loop.Post(_ =>
        {
            Fleet.Stop();
            Loop.Stop();
        }, null);
        _loopThread?.Join(TimeSpan.FromSeconds(10));
        await Aggregator.DisposeAsync();
    }

    /// <summary>Runs something on the shops' loop and waits for it.</summary>
    /// <param name="action">What to do.</param>
    public void OnLoop(Action action)
    {
        using ManualResetEventSlim done = new();
        Loop.Post(_ =>
        {
            action();
            done.Set();
        }, null);
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)), "the demo loop did not run the action");
    }

    /// <summary>Opens a new browser context (own cookies) and logs in through the form.</summary>
    /// <param name="name">The user.</param>
    /// <param name="password">The password.</param>
    /// <param name="viewport">The window size, or null for a desktop one.</param>
    /// <returns>The page, on the fleet overview.</returns>
    public async Task<IPage> LoginAsync(string name, string password, ViewportSize? viewport = null)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-US" });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(Aggregator.BaseUrl + "/");
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("login").ClickAsync();
        await page.WaitForURLAsync(Aggregator.BaseUrl + "/");
        return page;
    }

    /// <summary>Saves a screenshot under the test results.</summary>
    /// <param name="page">The page.</param>
    /// <param name="name">The file's name without extension.</param>
    /// <returns>Completes when written.</returns>
    public static Task ShotAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Gets the status the fleet view gives a site now.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The status.</returns>
    public SiteStatus StatusOf(string site) => new FleetView(Aggregator.Store).Sites(Viewer, new HashSet<string> { site })[0].Status;

    private CockpitViewer Viewer => CockpitViewer.Of(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        CockpitViewer.ClaimsOf(new CockpitUser("test", CockpitRole.Administrator, "", "", 0)), "test")))!;

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "nf-bond.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? Path.GetTempPath();
    }
}
