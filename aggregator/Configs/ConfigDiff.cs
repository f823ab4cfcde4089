using System.Text.Json;

namespace NfBond.Aggregator.Configs;

/// <summary>What changed between two site files, member by member, as JSON paths (<c>$.links[1].capMb: 5 -> 10</c>).</summary>
public static class ConfigDiff
{
    /// <summary>Compares two JSON documents.</summary>
    /// <param name="from">The older text.</param>
    /// <param name="to">The newer text.</param>
    /// <returns>One line per added (+), removed (-) or changed (~) value, in document order.</returns>
    /// <remarks>SIM PINs and APN passwords are compared but never shown (<see cref="SiteSecrets"/>).</remarks>
    public static List<string> Compare(string from, string to)
    {
        using JsonDocument a = JsonDocument.Parse(SiteSecrets.Hide(from));
        using JsonDocument b = JsonDocument.Parse(SiteSecrets.Hide(to));
        List<string> changes = [];
        Walk("$", a.RootElement, b.RootElement, changes);
        changes.AddRange(SiteSecrets.Changed(from, to));
        return changes;
    }

    private static void Walk(string path, JsonElement a, JsonElement b, List<string> changes)
    {
        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            Dictionary<string, JsonElement> before = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            HashSet<string> seen = [];
            foreach (JsonProperty p in b.EnumerateObject())
            {
                seen.Add(p.Name);
                if (before.TryGetValue(p.Name, out JsonElement old))
                {
                    Walk(path + "." + p.Name, old, p.Value, changes);
                }
                else
                {
                    changes.Add($"+ {path}.{p.Name}: {p.Value.GetRawText()}");
                }
            }

            foreach (KeyValuePair<string, JsonElement> gone in before.Where(p => !seen.Contains(p.Key)))
            {
                changes.Add($"- {path}.{gone.Key}: {gone.Value.GetRawText()}");
            }

            return;
        }

        if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
        {
            int common = Math.Min(a.GetArrayLength(), b.GetArrayLength());
            for (int i = 0; i < common; i++)
            {
                Walk($"{path}[{i}]", a[i], b[i], changes);
            }

            for (int i = common; i < b.GetArrayLength(); i++)
            {
                changes.Add($"+ {path}[{i}]: {b[i].GetRawText()}");
            }

            for (int i = common; i < a.GetArrayLength(); i++)
            {
                changes.Add($"- {path}[{i}]: {a[i].GetRawText()}");
            }

            return;
        }

        if (!JsonElement.DeepEquals(a, b))
        {
            changes.Add($"~ {path}: {a.GetRawText()} -> {b.GetRawText()}");
        }
    }
}
