// nanoframework/System.Net.Http, nanoFramework.System.Net.Http/Http/HttpClient.cs @ 0071c4405fdb59bf162e3f0683e0f567f49b854a
namespace System.Net.Http
{
    public class HttpMessageInvoker : IDisposable
    {
        internal HttpMessageInvoker() => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }

    public class HttpClient : HttpMessageInvoker
    {
        public HttpClient() => throw new NotImplementedException();

        public Headers.HttpRequestHeaders DefaultRequestHeaders => throw new NotImplementedException();

        public TimeSpan Timeout { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

        public HttpResponseMessage Get(string requestUri) => throw new NotImplementedException();

        public HttpResponseMessage Patch(string requestUri, HttpContent content) => throw new NotImplementedException();
    }
}
