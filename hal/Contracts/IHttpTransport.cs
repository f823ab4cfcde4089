namespace NfBond.Hal;

/// <summary>
/// One HTTP request and its answer, for talking to a router's management API. Blocks the caller for at
/// most <see cref="HttpExchange.TimeoutMs"/>.
/// </summary>
/// <remarks>Implementations: HttpClient on full .NET, nanoFramework's HttpClient on boards (hal/Nano NanoHttpTransport), a router simulator in tests.</remarks>
public interface IHttpTransport
{
    /// <summary>Sends the request and fills in the answer (or the transport error).</summary>
    /// <param name="exchange">The request; its answer fields are overwritten.</param>
    void Send(HttpExchange exchange);
}
