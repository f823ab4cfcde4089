using System;
using System.Net.Http;
using System.Text;
using System.Threading;

namespace NfBond.Hal.Linux;

/// <summary>HTTP for a router's management API over HttpClient (synchronous, bounded by the exchange's timeout).</summary>
public sealed class HttpClientTransport : IHttpTransport, IDisposable
{
    private readonly HttpClient _client;

    /// <summary>Creates the transport.</summary>
    /// <param name="acceptAnyCertificate">Accept the router's self-signed certificate (RouterOS ships one).</param>
    public HttpClientTransport(bool acceptAnyCertificate = false)
    {
        HttpClientHandler handler = new();
        if (acceptAnyCertificate)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc/>
    public void Send(HttpExchange exchange)
    {
        using HttpRequestMessage request = new(new HttpMethod(exchange.Method), exchange.Url);
        if (exchange.Authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", exchange.Authorization);
        }

        if (exchange.Body.Length > 0)
        {
            request.Content = new StringContent(exchange.Body, Encoding.UTF8, "application/json");
        }

        try
        {
            using CancellationTokenSource timeout = new(exchange.TimeoutMs);
            using HttpResponseMessage response = _client.Send(request, timeout.Token);
            exchange.Status = (int)response.StatusCode;
            using System.IO.StreamReader reader = new(response.Content.ReadAsStream(timeout.Token));
            exchange.ResponseBody = reader.ReadToEnd();
        }
        catch (OperationCanceledException)
        {
            exchange.Error = "no answer within " + exchange.TimeoutMs + " ms";
        }
        catch (HttpRequestException ex)
        {
            exchange.Error = ex.InnerException?.Message ?? ex.Message;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();
}
