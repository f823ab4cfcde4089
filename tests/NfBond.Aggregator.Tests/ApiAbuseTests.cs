using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// Regressions for the hostile-client probe's API findings: one token could have any command name
/// signed for any device (<c>format_disk</c> was delivered) and <c>set_config</c> bypassed the config
/// registry; tokens had no scope; errors were ad-hoc objects instead of RFC 9457 problems.
/// </summary>
public class ApiAbuseTests
{
    [Theory]
    [InlineData("{\"cmd\":\"format_disk\"}", "unknown command \"format_disk\"; allowed: resync, run_drill, reboot")]
    [InlineData("{\"cmd\":\"set_config\",\"args\":{\"site\":{}}}", "set_config is not sent through this endpoint: PUT the site file to /api/sites/{site}/config, where it is checked, versioned and sent")]
    [InlineData("{\"cmd\":\"run_drill\",\"args\":{\"seconds\":99999}}", "run_drill \"seconds\": 99999 is not allowed; whole seconds from 1 to 3600")]
    [InlineData("{\"cmd\":\"run_drill\",\"args\":{\"link\":\"fiber\",\"wipe\":true}}", "run_drill takes \"link\" and \"seconds\", not \"wipe\"")]
    [InlineData("{\"cmd\":\"reboot\",\"args\":{\"delay\":1}}", "reboot takes no arguments, not \"delay\"")]
    [InlineData("{\"cmd\":\"resync\",\"args\":[1]}", "\"args\" must be an object, not array")]
    public async Task Commands_outside_the_allowlist_or_with_wrong_arguments_are_refused_before_signing(string body, string detail)
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-cmd-rules");
        aggregator.Host.Registry.Add("siteA", "ctl-a");
        HttpResponseMessage answer = await aggregator.Http.PostAsync("/api/controllers/ctl-a/commands", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        JsonElement problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_read_only_token_reads_but_cannot_command_and_errors_are_problem_documents()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-scopes");
        aggregator.Host.Registry.Add("siteA", "ctl-a");
        File.AppendAllText(Path.Combine(aggregator.Options.DataDirectory, "api-token"), "dashboard-0123456789abcdef read\n");
        using HttpClient reader = new() { BaseAddress = aggregator.Http.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dashboard-0123456789abcdef");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/sites")).StatusCode);
        HttpResponseMessage forbidden = await reader.PostAsJsonAsync("/api/controllers/ctl-a/commands", new { cmd = "reboot" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("this token is read-only; POST /api/controllers/ctl-a/commands needs an operator token", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await aggregator.Http.PostAsJsonAsync("/api/controllers/ctl-a/commands", new { cmd = "reboot" })).StatusCode);

        HttpResponseMessage missing = await aggregator.Http.GetAsync("/api/controllers/ctl-a/state");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no state from ctl-a yet", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
