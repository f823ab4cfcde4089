using System.Text.Json;

namespace NfBond.Aggregator.Reports;

/// <summary>
/// An event export: one event per line in the docs/protocol.md format. Only <c>link_state</c> events
/// matter to a report; every other kind is passed over. A line that is not an event is reported with its
/// number and what is wrong, and the report is not made (an auditor's figures must not rest on guesses).
/// </summary>
public static class EventFile
{
    /// <summary>Reads an export.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problems">Each unreadable line as "file:line: what; what is allowed".</param>
    /// <returns>Link state changes in time order (file order at equal times).</returns>
    public static List<(long Ts, string Link, string State, string Cause)> Read(string path, List<string> problems)
    {
        List<(long Ts, string Link, string State, string Cause, int Line)> changes = [];
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string where = $"{path}:{number}: ";
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                JsonElement e = document.RootElement;
                if (e.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(where + $"a {e.ValueKind.ToString().ToLowerInvariant()}, not an event; one JSON object per line");
                    continue;
                }

                if (!e.TryGetProperty("kind", out JsonElement kind) || kind.ValueKind != JsonValueKind.String)
                {
                    problems.Add(where + "no \"kind\" (string); every event has one, e.g. \"link_state\"");
                    continue;
                }

                if (kind.GetString() != "link_state")
                {
                    continue;
                }

                string? link = e.TryGetProperty("link", out JsonElement l) && l.ValueKind == JsonValueKind.String && l.GetString()!.Length > 0 ? l.GetString() : null;
                string? state = e.TryGetProperty("state", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                bool hasTs = e.TryGetProperty("ts", out JsonElement t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out _);
                if (link == null || !hasTs || state is not ("up" or "down" or "unknown"))
                {
                    problems.Add(where + "link_state needs \"link\" (a name), \"ts\" (ms since 1970 UTC, an integer) and \"state\" (up, down or unknown)"
                        + (state != null && link != null && hasTs ? $"; got state \"{state}\"" : ""));
                    continue;
                }

                // "unknown" (not yet probed) keeps the state the link had.
                if (state is "up" or "down")
                {
                    changes.Add((t.GetInt64(), link, state, e.TryGetProperty("cause", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "", number));
                }
            }
            catch (JsonException ex)
            {
                problems.Add(where + "not JSON (" + ex.Message.Split(" LineNumber", 2)[0] + ")");
            }
        }

        return changes.OrderBy(c => c.Ts).ThenBy(c => c.Line).Select(c => (c.Ts, c.Link, c.State, c.Cause)).ToList();
    }
}
