using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NfBond.Cli.Demo;

/// <summary>
/// Where the demo's alerts arrive: a loopback endpoint that takes the aggregator's ntfy-style pushes (one
/// topic per tenant) and prints each alert, so the demo shows alerting end to end without a mail server.
/// </summary>
public sealed class DemoAlertInbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoAlertInbox(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>Gets the inbox's base URL; a topic is a path under it.</summary>
    public string Url { get; }

    /// <summary>Starts the inbox on a free loopback port.</summary>
    /// <param name="output">Where alerts are printed.</param>
    /// <returns>The running inbox.</returns>
    public static async Task<DemoAlertInbox> StartAsync(TextWriter output)
    {
        TextWriter print = TextWriter.Synchronized(output);
        int port = NfBond.Lab.LocalPorts.Free();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapPost("/{topic}", async (string topic, HttpRequest request) =>
        {
            using StreamReader body = new(request.Body);
            string text = await body.ReadToEndAsync();
            print.WriteLine($"alert to {topic}: {request.Headers["Title"]} ({text.Split('\n')[0]})");
            return Results.Ok();
        });
        await app.StartAsync();
        return new DemoAlertInbox(app, $"http://127.0.0.1:{port}");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
