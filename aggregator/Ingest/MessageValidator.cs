using System.Text;
using System.Text.Json;

namespace NfBond.Aggregator.Ingest;

/// <summary>
/// Checks a message against the nfbond/v1 contract (docs/protocol.md) before it is stored: well-formed
/// UTF-8 JSON with no duplicate member names and no lone surrogate escapes, the members the read paths
/// rely on present with their types, and timestamps within a window of the aggregator's clock.
/// </summary>
public sealed class MessageValidator
{
    /// <summary>How far in the past a timestamp may lie: 90 days, longer than any spool on a controller lasts.</summary>
    public const long MaxPastMs = 90L * 24 * 3600 * 1000;

    /// <summary>How far in the future a timestamp may lie: 10 minutes of clock skew.</summary>
    public const long MaxFutureMs = 10L * 60 * 1000;

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

        // The reader checks strings' UTF-8 only when asked for their value: check it all, so no text is
        // stored with replacement characters.
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            return RejectReason.Malformed;
        }

        // One forward pass with Utf8JsonReader: it checks the whole text is well-formed JSON and picks the
        // top-level members the contract needs, without building a document (this runs for every message).
        long ts = receivedAt;
        long seq = 0;
        string? eventKind = null;
        bool hasSeq = false;
        bool hasState = false;
        bool hasLink = false;
        bool badCause = false;
        int tsFound = 0;
        try
        {
            Utf8JsonReader reader = new(payload, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return RejectReason.Malformed;
            }

            // Member names per open object: {"seq":300,"seq":301} would be stored under one and read as the other.
            Stack<HashSet<string>?> names = new();
            names.Push(null);
            while (reader.Read())
            {
                RefuseBadEscapes(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    names.Push(null);
                    continue;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    names.Pop();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                HashSet<string> seen = names.Peek() ?? [];
                if (names.Peek() == null)
                {
                    names.Pop();
                    names.Push(seen);
                }

                if (!seen.Add(reader.GetString()!))
                {
                    return RejectReason.Malformed;
                }

                if (reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    long t = 0;
                    tsFound = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out t) ? 1 : 2;
                    if (tsFound == 1)
                    {
                        ts = t;
                    }
                }
                else if (reader.ValueTextEquals("link"u8))
                {
                    reader.Read();
                    RefuseBadEscapes(ref reader);
                    hasLink = reader.TokenType == JsonTokenType.String;
                }
                else if (reader.ValueTextEquals("cause"u8))
                {
                    reader.Read();
                    RefuseBadEscapes(ref reader);
                    badCause = reader.TokenType != JsonTokenType.String;
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    hasSeq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out seq) && seq >= 1;
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    eventKind = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("state"u8))
                {
                    reader.Read();
                    RefuseBadEscapes(ref reader);
                    hasState = reader.TokenType == JsonTokenType.String;
                }
            }
        }
        catch (JsonException)
        {
            return RejectReason.Malformed;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 or has a bad escape, met by GetString.
            return RejectReason.Malformed;
        }

        if (parts[4] == "events" && (!hasSeq || eventKind == null || tsFound != 1 || (eventKind == "link_state" && (!hasLink || !hasState || badCause))))
        {
            return RejectReason.MissingField;
        }

        if ((parts[4] == "status" && !hasState) || tsFound == 2)
        {
            return RejectReason.MissingField;
        }

        if (ts < receivedAt - MaxPastMs || ts > receivedAt + MaxFutureMs)
        {
            return RejectReason.OutOfRange;
        }

        if (parts[4] != "events")
        {
            seq = 0;
            eventKind = "";
        }

        message = new IngestMessage(parts[2], parts[3], parts[4], seq, ts, eventKind!, Encoding.UTF8.GetString(payload), receivedAt);
        return null;
    }

    // An escape such as a lone \ud800 is well-formed JSON but no text: stored, it broke every later read of
    // the event list (F4). Unescaping is what finds it, so only escaped strings pay for it.
    private static void RefuseBadEscapes(ref Utf8JsonReader reader)
    {
        if ((reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.PropertyName) && reader.ValueIsEscaped)
        {
            reader.GetString();
        }
    }
}
