using System.Net.Http.Headers;

namespace NfBond.Aggregator.Tests;

/// <summary>An aggregator started for a test (defaults: embedded broker, SQLite in a temporary directory) with an API client holding its token.</summary>
internal sealed class RunningAggregator : IAsyncDisposable
{
    private RunningAggregator(AggregatorHost host)
    {
        Host = host;
        Http = ApiClient(host);
    }

    public AggregatorHost Host { get; }

    public AggregatorOptions Options => Host.Options;

    public HttpClient Http { get; }

    public static async Task<RunningAggregator> StartAsync(string name)
    {
        AggregatorHost host = new(new AggregatorOptions { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory(name).FullName }, TextWriter.Null);
        await host.StartAsync();
        return new RunningAggregator(host);
    }

    /// <summary>An HTTP client for a host's API, with its token.</summary>
    public static HttpClient ApiClient(AggregatorHost host)
    {
        HttpClient http = new() { BaseAddress = new Uri($"http://127.0.0.1:{host.Options.HttpPort}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.ApiToken);
        return http;
    }

    /// <summary>The managed heap after a full collection, in bytes.</summary>
    public static long ManagedHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetGCMemoryInfo().HeapSizeBytes;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
