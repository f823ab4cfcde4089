using System.Text;
using System.Text.Json;

namespace NfBond.Aggregator.Ingest;

/// <summary>Checks a message against the nfbond/v1 contract (docs/protocol.md) before it is stored.</summary>
public sealed class MessageValidator
{
    private readonly int _maxBytes;

    /// <summary>Creates a validator.</summary>
    /// <param name="maxBytes">The largest payload accepted.</param>
    public MessageValidator(int maxBytes) => _maxBytes = maxBytes;

    /// <summary>Validates one message.</summary>
    /// <param name="topic">Its topic.</param>
    /// <param name="payload">Its payload.</param>
    /// <param name="sender">The authenticated client's user name, or null for anonymous.</param>
    /// <param name="receivedAt">Arrival time, ms since 1970 UTC.</param>
    /// <param name="message">The message to store when valid.</param>
    /// <returns>Null when valid, else why not.</returns>
    public RejectReason? Validate(string topic, ReadOnlySpan<byte> payload, string? sender, long receivedAt, out IngestMessage? message)
    {
        message = null;
        string[] parts = topic.Split('/');
        if (parts.Length != 5 || parts[0] != "nfbond" || parts[1] != "v1" || parts[2].Length == 0 || parts[3].Length == 0
            || parts[4] is not ("birth" or "status" or "state" or "events"))
        {
            return RejectReason.BadTopic;
        }

        if (sender != null && sender != parts[3])
        {
            return RejectReason.Unauthorised;
        }

        if (payload.Length > _maxBytes)
        {
            return RejectReason.Oversized;
        }

        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return RejectReason.Malformed;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return RejectReason.Malformed;
        }

        long ts = root.TryGetProperty("ts", out JsonElement t) && t.TryGetInt64(out long tv) ? tv : receivedAt;
        long seq = 0;
        string eventKind = "";
        if (parts[4] == "events")
        {
            if (!root.TryGetProperty("seq", out JsonElement s) || !s.TryGetInt64(out seq) || seq < 1
                || !root.TryGetProperty("kind", out JsonElement k) || k.ValueKind != JsonValueKind.String)
            {
                return RejectReason.MissingField;
            }

            eventKind = k.GetString()!;
        }
        else if (parts[4] == "status" && (!root.TryGetProperty("state", out JsonElement st) || st.ValueKind != JsonValueKind.String))
        {
            return RejectReason.MissingField;
        }

        message = new IngestMessage(parts[2], parts[3], parts[4], seq, ts, eventKind, Encoding.UTF8.GetString(payload), receivedAt);
        return null;
    }
}
