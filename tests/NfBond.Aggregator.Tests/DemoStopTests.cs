using System.Diagnostics;

namespace NfBond.Aggregator.Tests;

/// <summary>The demo as a newcomer runs it: its own process, stopped with Ctrl+C (SIGINT) while a dashboard page listens.</summary>
public class DemoStopTests
{
    [Fact]
    public async Task Ctrl_c_stops_the_demo_cleanly_even_with_a_dashboard_page_open()
    {
        string data = Directory.CreateTempSubdirectory("nfbond-demo-stop").FullName;
        int httpPort = LocalPorts.Free();
        // A shell starts background jobs with SIGINT ignored, and a child inherits that (Unix convention, which
        // .NET honours): run from such a job, the demo would rightly ignore Ctrl+C. A terminal's user has it at
        // its default, so the demo is started that way.
        ProcessStartInfo start = new("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--default-signal=INT", "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "nfbond.dll"), "demo", "--mqtt-port", LocalPorts.Free().ToString(), "--http-port", httpPort.ToString(), "--data", data })
        {
            start.ArgumentList.Add(argument);
        }

        using Process demo = Process.Start(start)!;
        string? link = null;
        List<string> lines = [];
        while (link == null && await demo.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is string line)
        {
            lines.Add(line);
            link = line.StartsWith("dashboard: ", StringComparison.Ordinal) ? line["dashboard: ".Length..] : null;
        }

        Assert.True(link != null, "no dashboard line: " + string.Join("\n", lines));
        using HttpClient browser = new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() });
        Assert.Contains("data-site=", await browser.GetStringAsync(link), StringComparison.Ordinal);

        // A page's live feed stays open, as a browser tab would keep it.
        using HttpResponseMessage live = await browser.GetAsync(link.Split("/login/")[0] + "/live/fleet", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", live.Content.Headers.ContentType?.MediaType);
        Stopwatch stopping = Stopwatch.StartNew();
        Process.Start("kill", ["-INT", demo.Id.ToString()])!.WaitForExit();
        Task<string> reading = demo.StandardOutput.ReadToEndAsync();
        Task<string> errors = demo.StandardError.ReadToEndAsync();
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20))) != reading)
        {
            demo.Kill(true);
            Assert.Fail($"the demo did not stop within 20 s of Ctrl+C; its errors: {await errors}");
        }

        string rest = await reading;
        await demo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, demo.ExitCode);
        Assert.Contains("stopped; the aggregator stored", rest, StringComparison.Ordinal);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed.TotalSeconds:F1} s");
    }
}
