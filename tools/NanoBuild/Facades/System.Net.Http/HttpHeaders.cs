// nanoframework/System.Net.Http, nanoFramework.System.Net.Http/Http/Headers/HttpHeaders.cs, HttpRequestHeaders.cs @ 853ea7f2481d8c78645569a6a1fc23afe9d4e03f
namespace System.Net.Http.Headers
{
    public abstract class HttpHeaders
    {
        internal HttpHeaders() => throw new NotImplementedException();

        public void Add(string name, string value) => throw new NotImplementedException();
    }

    public sealed class HttpRequestHeaders : HttpHeaders
    {
        internal HttpRequestHeaders() => throw new NotImplementedException();
    }
}
