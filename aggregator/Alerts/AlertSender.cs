using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Alerts;

/// <summary>
/// Empties the alert outbox: takes one due alert at a time under a lease (so two instances never send the
/// same one), hands it to its channel (e-mail via MailKit, a JSON webhook signed with HMAC-SHA256, or an
/// ntfy-style push), marks it sent, or on failure keeps it and tries again later (5 s doubling up to 10 min).
/// An alert raised while the way out is broken, or before a crash, is sent when it works again.
/// </summary>
public sealed class AlertSender : IDisposable
{
    /// <summary>The header carrying a webhook's signature: "sha256=" and the hex HMAC-SHA256 of the body with the channel's secret.</summary>
    public const string SignatureHeader = "X-NfBond-Signature";

    private const long LeaseMs = 60_000;
    private readonly IFleetStore _store;
    private readonly AlertOptions _options;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>Creates the sender.</summary>
    /// <param name="store">The shared store.</param>
    /// <param name="options">SMTP settings.</param>
    /// <param name="log">Where failed tries are reported.</param>
    /// <param name="time">The clock.</param>
    public AlertSender(IFleetStore store, AlertOptions options, TextWriter log, TimeProvider? time = null)
    {
        _store = store;
        _options = options;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Sends every alert that is due now.</summary>
    /// <param name="cancel">Stops between alerts.</param>
    /// <returns>How many were sent.</returns>
    public async Task<int> SendDueAsync(CancellationToken cancel)
    {
        Dictionary<long, AlertChannel> channels = _store.Channels().ToDictionary(c => c.Id);
        int sent = 0;
        while (!cancel.IsCancellationRequested && _store.ClaimDue(Now(), LeaseMs) is OutboxItem item)
        {
            try
            {
                if (!channels.TryGetValue(item.Channel, out AlertChannel? channel))
                {
                    throw new InvalidOperationException($"channel {item.Channel} no longer exists");
                }

                await DeliverAsync(channel, item, cancel);
                _store.MarkSent(item.Id, Now());
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                long wait = Math.Min(600_000, 5000L << Math.Min(7, item.Attempts - 1));
                _store.MarkFailed(item.Id, ex.Message, Now() + wait);
                _log.WriteLine($"alerts: sending alert {item.Id} ({item.Subject}) failed on try {item.Attempts}: {ex.Message}; next try in {wait / 1000} s");
            }
        }

        return sent;
    }

    /// <summary>Signs a webhook body.</summary>
    /// <param name="secret">The channel's secret.</param>
    /// <param name="body">The body as sent.</param>
    /// <returns>The header value.</returns>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))).ToLowerInvariant();

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task DeliverAsync(AlertChannel channel, OutboxItem item, CancellationToken cancel)
    {
        switch (channel.Kind)
        {
            case "email":
                await MailAsync(channel, item, cancel);
                break;
            case "webhook":
                using (HttpRequestMessage request = new(HttpMethod.Post, channel.Target) { Content = new StringContent(item.Body, Encoding.UTF8, "application/json") })
                {
                    request.Headers.Add(SignatureHeader, Sign(channel.Secret, item.Body));
                    request.Headers.Add("X-NfBond-Alert", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    using HttpResponseMessage answer = await _http.SendAsync(request, cancel);
                    answer.EnsureSuccessStatusCode();
                }

                break;
            case "ntfy":
                using (HttpRequestMessage request = new(HttpMethod.Post, channel.Target) { Content = new StringContent(Text(item), Encoding.UTF8, "text/plain") })
                {
                    request.Headers.Add("Title", item.Subject);
                    request.Headers.Add("Tags", "warning");
                    using HttpResponseMessage answer = await _http.SendAsync(request, cancel);
                    answer.EnsureSuccessStatusCode();
                }

                break;
            default:
                throw new InvalidOperationException($"channel {channel.Id} has kind '{channel.Kind}'; email, webhook or ntfy");
        }
    }

    private async Task MailAsync(AlertChannel channel, OutboxItem item, CancellationToken cancel)
    {
        if (_options.SmtpHost.Length == 0)
        {
            throw new InvalidOperationException("no SMTP server configured (Aggregator:Alerts:SmtpHost)");
        }

        MimeMessage mail = new();
        mail.From.Add(MailboxAddress.Parse(_options.SmtpFrom));
        mail.To.Add(MailboxAddress.Parse(channel.Target));
        mail.Subject = item.Subject;
        // One ID per alert: a mail server or reader that saw it before (a retry after a lost answer) drops the copy.
        mail.MessageId = $"alert-{item.Id}@nf-bond";
        mail.Body = new TextPart("plain") { Text = Text(item) + "\n\n" + item.Body };
        using SmtpClient smtp = new();
        SecureSocketOptions security = _options.SmtpSecurity switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await smtp.ConnectAsync(_options.SmtpHost, _options.SmtpPort, security, cancel);
        if (_options.SmtpUser.Length > 0)
        {
            await smtp.AuthenticateAsync(_options.SmtpUser, _options.SmtpPassword, cancel);
        }

        await smtp.SendAsync(mail, cancel);
        await smtp.DisconnectAsync(true, cancel);
    }

    private static string Text(OutboxItem item)
    {
        using JsonDocument body = JsonDocument.Parse(item.Body);
        JsonElement b = body.RootElement;
        return $"{b.GetProperty("site").GetString()}: {b.GetProperty("detail").GetString()} (since {b.GetProperty("opened").GetString()}, {b.GetProperty("state").GetString()})";
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
