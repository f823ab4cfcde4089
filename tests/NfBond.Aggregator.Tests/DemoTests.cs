using System.Net;
using System.Text.RegularExpressions;
using NfBond.Cli;

namespace NfBond.Aggregator.Tests;

public class DemoTests
{
    [Fact]
    public async Task The_demo_prints_one_dashboard_link_that_logs_in_and_shows_the_three_shops_and_an_incident_within_60_s()
    {
        StringWriter text = new();
        TextWriter output = TextWriter.Synchronized(text);
        string data = Directory.CreateTempSubdirectory("nfbond-demo").FullName;
        int http = LocalPorts.Free();
        Task<int> demo = Task.Run(() => NfBondCli.Run(["demo", "--mqtt-port", LocalPorts.Free().ToString(), "--http-port", http.ToString(), "--data", data, "--seconds", "62"], output, new StringWriter()));

        string? link = null;
        for (int i = 0; i < 100 && link == null; i++)
        {
            await Task.Delay(100);
            link = Regex.Match(text.ToString(), "^dashboard: (http://127\\.0\\.0\\.1:[0-9]+/login/link/[0-9a-f]+)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : null;
        }

        Assert.True(link != null, "no 'dashboard: http://...' line: " + text);
        DateTime started = DateTime.UtcNow;
        Assert.Single(Regex.Matches(text.ToString(), "^dashboard: ", RegexOptions.Multiline));
        using HttpClient browser = new(new HttpClientHandler { CookieContainer = new CookieContainer() });
        string overview = await browser.GetStringAsync(link);
        foreach (string site in new[] { "trattoria-luca", "praxis-mueller", "werkstatt-schmidt" })
        {
            Assert.Contains($"data-site=\"{site}\"", overview, StringComparison.Ordinal);
        }

        // The link works once: a second browser is sent to the login form.
        using HttpClient other = new(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(link)).StatusCode);

        // A newcomer sees an incident within 60 s: by then the workshop's cable has failed over to Starlink
        // and the restaurant's fiber cut has moved it onto LTE.
        string? status = null;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(57) && status != "backup")
        {
            await Task.Delay(1000);
            status = Regex.Match(await browser.GetStringAsync(link.Split("/login/")[0] + "/"), "data-site=\"trattoria-luca\" data-status=\"([a-z]+)\"").Groups[1].Value;
        }

        Assert.Equal("backup", status);
        string workshop = await browser.GetStringAsync(link.Split("/login/")[0] + "/sites/werkstatt-schmidt");
        Assert.Contains("link=cable state=down", workshop, StringComparison.Ordinal);
        Assert.Equal(0, await demo);
        Assert.Matches("stopped; the aggregator stored [1-9][0-9]* messages", text.ToString());
        Assert.True(File.Exists(Path.Combine(data, "fleet.db")));
    }
}
