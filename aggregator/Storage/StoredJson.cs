using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// Reads a stored body back for the API. Rows stored before intake refused lone surrogate escapes (F4)
/// parse but cannot be written out again, which broke every later read of the event list; such a row is
/// answered as an <c>unreadable</c> entry keeping its <c>seq</c> and <c>ts</c>, so the list goes on and
/// shows where something was.
/// </summary>
public static class StoredJson
{
    /// <summary>Parses a stored body.</summary>
    /// <param name="text">The stored text.</param>
    /// <returns>The body, or an <c>unreadable</c> entry describing why it is not shown.</returns>
    public static JsonElement Read(string text)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Unreadable(null, "stored text is not JSON: " + ex.Message);
        }

        string? bad = FirstBadString(root, "$");
        return bad == null ? root : Unreadable(root, "a string at " + bad + " is not text (a lone surrogate escape, stored before intake refused them)");
    }

    private static string? FirstBadString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            case JsonValueKind.Object:
                foreach (JsonProperty member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path + ".<member name>";
                    }

                    if (FirstBadString(member.Value, path + "." + name) is string bad)
                    {
                        return bad;
                    }
                }

                return null;

            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (FirstBadString(item, path + "[" + index++ + "]") is string bad)
                    {
                        return bad;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    private static JsonElement Unreadable(JsonElement? original, string why)
    {
        JsonObject marker = [];
        foreach (string name in new[] { "seq", "ts" })
        {
            if (original is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n))
            {
                marker[name] = n;
            }
        }

        marker["kind"] = "unreadable";
        marker["error"] = why;
        return JsonSerializer.SerializeToElement(marker);
    }
}
