// nanoframework/System.Net.Http, nanoFramework.System.Net.Http/Http/HttpContent.cs, StringContent.cs @ 631b8101367c639035f132992da59bb200d9ba24, HttpResponseMessage.cs @ d842cd54829659dbe6819e7fb0af4222c5210a5a
namespace System.Net.Http
{
    public abstract class HttpContent : IDisposable
    {
        internal HttpContent() => throw new NotImplementedException();

        public string ReadAsString() => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }

    public class ByteArrayContent : HttpContent
    {
        internal ByteArrayContent() => throw new NotImplementedException();
    }

    public class StringContent : ByteArrayContent
    {
        public StringContent(string content, System.Text.Encoding encoding, string mediaType) => throw new NotImplementedException();
    }

    public class HttpResponseMessage : IDisposable
    {
        internal HttpResponseMessage() => throw new NotImplementedException();

        public HttpStatusCode StatusCode => throw new NotImplementedException();

        public HttpContent Content => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }
}
