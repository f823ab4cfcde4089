using System.Text;
using System.Text.Json;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Tests;

/// <summary>The contract check every message passes: agrees with a document-based reading of the contract on mutated messages, never throws on junk.</summary>
public class MessageValidatorTests
{
    private static readonly string[] s_valid =
    [
        "{\"seq\":7,\"ts\":1795000001000,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\",\"cause\":\"no good round \\u00e9 for 2250 ms\"}",
        "{\"state\":\"online\",\"ts\":1795000000000}",
        "{\"ts\":1795000030000,\"next_seq\":118,\"links\":[{\"name\":\"fiber\",\"state\":\"up\",\"weight\":1000}],\"plan\":{\"version\":3,\"reason\":\"x\"},\"modems\":[]}",
        "{\"protocol\":\"nfbond/v1\",\"device\":\"dev1\",\"site\":\"s1\",\"config_hash\":\"5d41402abc4b2a76\",\"next_seq\":118,\"ts\":1795000000000}",
    ];

    private static readonly string[] s_kinds = ["events", "status", "state", "birth"];

    private const long Now = 1_795_000_000_000;

    [Fact]
    public void Mutated_messages_get_the_same_verdict_as_a_document_reading_of_the_contract()
    {
        MessageValidator validator = new(16384);
        Random random = new(7);
        byte[] alphabet = Encoding.UTF8.GetBytes("{}[]\":,0123456789-+.eE tfnrulsaq\\é\u0001");
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            int which = random.Next(s_valid.Length);
            List<byte> bytes = [.. Encoding.UTF8.GetBytes(s_valid[which])];
            for (int m = random.Next(4); m > 0 && bytes.Count > 0; m--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                    case 1:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                }
            }

            byte[] payload = [.. bytes];
            string kind = s_kinds[random.Next(s_kinds.Length)];
            RejectReason? actual = validator.Validate($"nfbond/v1/s1/dev1/{kind}", payload, "dev1", Now, out IngestMessage? message);
            (RejectReason? expected, long seq, long ts, string eventKind) = Oracle(kind, payload, Now);
            Assert.True(expected == actual, $"{Encoding.UTF8.GetString(payload)} as {kind}: expected {expected?.ToString() ?? "accepted"}, got {actual?.ToString() ?? "accepted"}");
            if (actual == null)
            {
                accepted++;
                Assert.Equal((seq, ts, eventKind), (message!.Seq, message.Timestamp, message.EventKind));
            }
        }

        Assert.InRange(accepted, 2000, 18_000);
    }

    [Fact]
    public void Random_bytes_are_refused_never_thrown_on()
    {
        MessageValidator validator = new(16384);
        Random random = new(11);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] payload = new byte[random.Next(0, 64)];
            random.NextBytes(payload);
            Assert.NotNull(validator.Validate("nfbond/v1/s1/dev1/events", payload, null, 0, out _));
        }
    }

    [Theory]
    [InlineData("{\"seq\":103,\"ts\":1,\"kind\":\"x\",\"c\":\"\\ud800\"}")]
    [InlineData("{\"seq\":103,\"ts\":1,\"kind\":\"x\",\"deep\":[{\"c\":\"a\\udc00b\"}]}")]
    [InlineData("{\"seq\":103,\"ts\":1,\"kind\":\"x\",\"\\ud800\":1}")]
    public void F4_a_lone_surrogate_escape_anywhere_is_refused(string payload)
    {
        Assert.Equal(RejectReason.Malformed, new MessageValidator(16384).Validate("nfbond/v1/s1/dev1/events", Encoding.UTF8.GetBytes(payload), "dev1", 42, out _));
    }

    [Theory]
    [InlineData("{\"seq\":1,\"ts\":1795000000000,\"kind\":\"link_state\",\"link\":5,\"state\":\"down\"}", RejectReason.MissingField)]
    [InlineData("{\"seq\":1,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}", RejectReason.MissingField)]
    [InlineData("{\"seq\":1,\"ts\":\"yesterday\",\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}", RejectReason.MissingField)]
    [InlineData("{\"seq\":1,\"ts\":1795000000000,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":true}", RejectReason.MissingField)]
    [InlineData("{\"seq\":1,\"ts\":1795000000000,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\",\"cause\":[]}", RejectReason.MissingField)]
    [InlineData("{\"seq\":1,\"ts\":253402300799999,\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\"}", RejectReason.OutOfRange)]
    [InlineData("{\"seq\":1,\"ts\":-1000000000000000,\"kind\":\"x\"}", RejectReason.OutOfRange)]
    [InlineData("{\"seq\":1,\"ts\":9223372036854775807,\"kind\":\"x\"}", RejectReason.OutOfRange)]
    [InlineData("{\"seq\":1,\"ts\":-9223372036854775808,\"kind\":\"x\"}", RejectReason.OutOfRange)]
    [InlineData("{\"seq\":300,\"seq\":301,\"ts\":1795000000000,\"kind\":\"x\"}", RejectReason.Malformed)]
    [InlineData("{\"seq\":300,\"ts\":1795000000000,\"kind\":\"x\",\"d\":{\"a\":1,\"a\":2}}", RejectReason.Malformed)]
    public void F3_F5_and_duplicate_keys_poisoned_events_are_refused_at_intake(string payload, RejectReason reason)
    {
        Assert.Equal(reason, new MessageValidator(16384).Validate("nfbond/v1/s1/dev1/events", Encoding.UTF8.GetBytes(payload), "dev1", Now, out _));
    }

    [Fact]
    public void An_escaped_surrogate_pair_is_text_and_accepted()
    {
        Assert.Null(new MessageValidator(16384).Validate("nfbond/v1/s1/dev1/events", Encoding.UTF8.GetBytes("{\"seq\":1,\"ts\":1,\"kind\":\"x\",\"c\":\"\\ud83d\\ude00\"}"), "dev1", 42, out _));
    }

    private static bool HasDuplicateNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1) || element.EnumerateObject().Any(p => HasDuplicateNames(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasDuplicateNames),
        _ => false,
    };

    private static bool AllTextDecodes(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    element.GetString();
                    return true;
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => p.Name.Length >= 0 && AllTextDecodes(p.Value));
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(AllTextDecodes);
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The contract read with a whole JsonDocument (how the aggregator first did it), text that is not UTF-8 refused.</summary>
    private static (RejectReason? Reason, long Seq, long Ts, string EventKind) Oracle(string kind, byte[] payload, long receivedAt)
    {
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            return (RejectReason.Malformed, 0, 0, "");
        }

        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (RejectReason.Malformed, 0, 0, "");
        }

        if (root.ValueKind != JsonValueKind.Object || !AllTextDecodes(root) || HasDuplicateNames(root))
        {
            return (RejectReason.Malformed, 0, 0, "");
        }

        bool hasTs = root.TryGetProperty("ts", out JsonElement t);
        bool tsIsInteger = hasTs && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out _);
        long ts = tsIsInteger ? t.GetInt64() : receivedAt;
        long seq = 0;
        string eventKind = "";
        bool IsString(string name) => root.TryGetProperty(name, out JsonElement m) && m.ValueKind == JsonValueKind.String;
        if (kind == "events")
        {
            if (!root.TryGetProperty("seq", out JsonElement s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out seq) || seq < 1
                || !IsString("kind") || !tsIsInteger)
            {
                return (RejectReason.MissingField, 0, 0, "");
            }

            eventKind = root.GetProperty("kind").GetString()!;
            if (eventKind == "link_state" && (!IsString("link") || !IsString("state") || (root.TryGetProperty("cause", out _) && !IsString("cause"))))
            {
                return (RejectReason.MissingField, 0, 0, "");
            }
        }

        if ((kind == "status" && !IsString("state")) || (hasTs && !tsIsInteger))
        {
            return (RejectReason.MissingField, 0, 0, "");
        }

        if (ts < receivedAt - MessageValidator.MaxPastMs || ts > receivedAt + MessageValidator.MaxFutureMs)
        {
            return (RejectReason.OutOfRange, 0, 0, "");
        }

        return (null, seq, ts, eventKind);
    }
}
