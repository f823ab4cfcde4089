namespace NfBond.Hal;

/// <summary>An HTTP request and, once sent, its answer.</summary>
public sealed class HttpExchange
{
    /// <summary>Gets or sets the method ("GET", "PATCH").</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Gets or sets the absolute URL.</summary>
    public string Url { get; set; } = "";

    /// <summary>Gets or sets the JSON body, or "" for none.</summary>
    public string Body { get; set; } = "";

    /// <summary>Gets or sets the Authorization header value, or "" for none.</summary>
    public string Authorization { get; set; } = "";

    /// <summary>Gets or sets how long to wait for the answer.</summary>
    public int TimeoutMs { get; set; } = 3000;

    /// <summary>Gets or sets the HTTP status of the answer, 0 when there was none.</summary>
    public int Status { get; set; }

    /// <summary>Gets or sets the answer's body.</summary>
    public string ResponseBody { get; set; } = "";

    /// <summary>Gets or sets why no answer came (connection refused, timeout), or "".</summary>
    public string Error { get; set; } = "";
}
