using System;

namespace NfBond.Firmware.At;

/// <summary>
/// One request/response exchange of an <see cref="AtScript"/>: what to send, which lines are its
/// response, how long to wait, and what ends it late (a deferred URC). Build steps once and reuse them.
/// </summary>
public sealed class AtStep
{
    private AtStepExtras? _extras;

    /// <summary>Creates a step sending <paramref name="request"/> (without the trailing CR).</summary>
    /// <param name="request">The command, e.g. <c>AT+CSQ</c>.</param>
    /// <param name="timeoutMs">How long to wait for the final result.</param>
    public AtStep(string request, int timeoutMs)
    {
        SetRequest(request);
        TimeoutMs = timeoutMs;
    }

    /// <summary>Gets the command text.</summary>
    public string Request { get; private set; } = string.Empty;

    /// <summary>Gets or sets how long to wait for the final result, in milliseconds.</summary>
    public int TimeoutMs { get; set; }

    /// <summary>Gets or sets a pause before the command is sent (radio off, wait, radio on).</summary>
    public int DelayBeforeMs
    {
        get { return _extras == null ? 0 : _extras.DelayBeforeMs; }
        set { Extras().DelayBeforeMs = value; }
    }

    /// <summary>
    /// Gets or sets the prefix of the response lines (<c>+CSQ:</c>); an empty string expects bare lines
    /// (<c>AT+CGSN</c> prints the IMEI alone); null expects none.
    /// </summary>
    public string? ResponsePrefix { get; set; }

    /// <summary>Gets or sets the tie-breaker for responses that share their prefix with a URC.</summary>
    public AtLineFilter? ResponseFilter { get; set; }

    /// <summary>Gets or sets who decodes each response line.</summary>
    public AtLineHandler? OnResponse { get; set; }

    /// <summary>Gets or sets the prefix of the result that follows <c>OK</c> (<c>+QPING:</c>), or null.</summary>
    public string? DeferredPrefix
    {
        get { return _extras == null ? null : _extras.DeferredPrefix; }
        set { Extras().DeferredPrefix = value; }
    }

    /// <summary>Gets or sets how long to wait for the deferred result after <c>OK</c>.</summary>
    public int DeferredTimeoutMs
    {
        get { return _extras == null ? 0 : _extras.DeferredTimeoutMs; }
        set { Extras().DeferredTimeoutMs = value; }
    }

    /// <summary>Gets or sets who decodes deferred lines and says when they are complete.</summary>
    public AtDeferredHandler? OnDeferred
    {
        get { return _extras == null ? null : _extras.OnDeferred; }
        set { Extras().OnDeferred = value; }
    }

    /// <summary>Gets or sets bytes sent when the modem prompts with <c>"> "</c>; Ctrl-Z is appended.</summary>
    public byte[]? Payload
    {
        get { return _extras == null ? null : _extras.Payload; }
        set { Extras().Payload = value; }
    }

    /// <summary>Gets or sets whether an error result lets the script go on (a setting this firmware lacks).</summary>
    public bool Optional { get; set; }

    /// <summary>Gets or sets whether the request carries a secret (a PIN, a password): failure texts then name only the command.</summary>
    public bool Secret { get; set; }

    /// <summary>Gets the request as failure texts and logs may show it: a secret's arguments are left out.</summary>
    public string Shown
    {
        get
        {
            if (!Secret)
            {
                return Request;
            }

            int equals = Request.IndexOf('=');
            return (equals < 0 ? Request : Request.Substring(0, equals + 1)) + "<secret>";
        }
    }

    private AtStepExtras Extras()
    {
        if (_extras == null)
        {
            _extras = new AtStepExtras();
        }

        return _extras;
    }

    /// <summary>Replaces the command text (an APN or PIN from the configuration).</summary>
    /// <param name="request">The command without CR.</param>
    /// <exception cref="ArgumentException">The command is empty or has a character outside printable ASCII.</exception>
    public void SetRequest(string request)
    {
        if (request == null || request.Length == 0)
        {
            throw new ArgumentException("an AT request needs text");
        }

        for (int i = 0; i < request.Length; i++)
        {
            char c = request[i];
            if (c < ' ' || c > '~')
            {
                throw new ArgumentException("AT request \"" + request + "\" has a non-printable character at " + i);
            }
        }

        Request = request;
    }
}
