// nanoframework/System.Net.Http, nanoFramework.System.Net.Http/Http/System.Net.HttpStatusCode.cs @ c6a059706c386ed74c469dc95869a3fb4f197c69 (values are the HTTP status codes)
namespace System.Net
{
    public enum HttpStatusCode
    {
        OK = 200,
    }
}
