using System;
using System.Net.Http;

namespace NfBond.Hal.Nano
{
    /// <summary>HTTP to the router's management API on nanoFramework's HttpClient (synchronous there).</summary>
    public sealed class NanoHttpTransport : IHttpTransport
    {
        /// <inheritdoc/>
        public void Send(HttpExchange exchange)
        {
            try
            {
                using (HttpClient client = new HttpClient())
                {
                    client.Timeout = TimeSpan.FromMilliseconds(exchange.TimeoutMs);
                    if (exchange.Authorization.Length > 0)
                    {
                        client.DefaultRequestHeaders.Add("Authorization", exchange.Authorization);
                    }

                    HttpResponseMessage response = exchange.Method == "PATCH"
                        ? client.Patch(exchange.Url, new StringContent(exchange.Body, null, "application/json"))
                        : client.Get(exchange.Url);
                    using (response)
                    {
                        exchange.Status = (int)response.StatusCode;
                        exchange.ResponseBody = response.Content.ReadAsString();
                    }
                }
            }
            catch (Exception ex)
            {
                exchange.Error = ex.Message;
            }
        }
    }
}
