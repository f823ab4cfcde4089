using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfBond.Aggregator.Configs;

/// <summary>
/// The secrets of a site file (each modem link's SIM PIN and APN password): they go to the controllers in
/// signed <c>set_config</c> commands and nowhere else. The API and the cockpit show them as
/// <see cref="Mask"/>, and a site file sent back with the mask keeps the stored secret, so a config can be
/// read, edited and published without anyone seeing the PIN.
/// </summary>
public static class SiteSecrets
{
    /// <summary>What a secret reads as.</summary>
    public const string Mask = "<secret>";

    private static readonly string[] s_members = ["pin", "password"];

    // Relaxed escaping, so the mask reads as written ("<secret>", not "\u003Csecret\u003E") and comes back as it went out.
    private static readonly JsonSerializerOptions s_written = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Replaces every secret by <see cref="Mask"/>.</summary>
    /// <param name="siteFile">A site file's text (stored, so it parses).</param>
    /// <returns>The text with the secrets masked; unchanged when it has none.</returns>
    public static string Hide(string siteFile)
    {
        JsonNode? root = JsonNode.Parse(siteFile);
        bool hidden = false;
        foreach ((JsonObject sim, string member, _, _) in Secrets(root))
        {
            sim[member] = Mask;
            hidden = true;
        }

        return hidden ? root!.ToJsonString(s_written) : siteFile;
    }

    /// <summary>Lists where two versions' secrets differ (the values stay hidden).</summary>
    /// <param name="from">The older text.</param>
    /// <param name="to">The newer text.</param>
    /// <returns>One diff line per changed secret.</returns>
    public static List<string> Changed(string from, string to)
    {
        Dictionary<string, string> before = Secrets(JsonNode.Parse(from)).ToDictionary(s => s.Link + "|" + s.Member, s => s.Value);
        return [.. Secrets(JsonNode.Parse(to)).Where(s => before.TryGetValue(s.Link + "|" + s.Member, out string? old) && old != s.Value)
            .Select(s => $"~ link {s.Link} sim.{s.Member}: \"{Mask}\" -> \"{Mask}\" (changed)")];
    }

    /// <summary>Puts the stored secrets back where a site file sent in says <see cref="Mask"/>.</summary>
    /// <param name="siteFile">The site file sent in.</param>
    /// <param name="latest">The stored latest version, or null.</param>
    /// <param name="problem">Which mask has nothing to keep, or null.</param>
    /// <returns>The site file to store.</returns>
    public static string Restore(string siteFile, string? latest, out string? problem)
    {
        problem = null;
        // Also a mask a client wrote escaped ("\u003Csecret\u003E"): the parsed value is what counts.
        if (!siteFile.Contains("secret", StringComparison.Ordinal))
        {
            return siteFile;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(siteFile);
        }
        catch (JsonException)
        {
            // Not JSON: the site reader names the problem precisely.
            return siteFile;
        }

        Dictionary<string, string> stored = latest == null ? [] : Secrets(JsonNode.Parse(latest)).ToDictionary(s => s.Link + "|" + s.Member, s => s.Value);
        bool restored = false;
        foreach ((JsonObject sim, string member, string link, string value) in Secrets(root))
        {
            if (value != Mask)
            {
                continue;
            }

            if (!stored.TryGetValue(link + "|" + member, out string? kept) || kept == Mask)
            {
                problem = $"link {link}: sim.{member} is \"{Mask}\", which keeps the stored value, but the latest stored version has none for this link; give the value";
                return siteFile;
            }

            sim[member] = kept;
            restored = true;
        }

        return restored ? root!.ToJsonString(s_written) : siteFile;
    }

    private static List<(JsonObject Sim, string Member, string Link, string Value)> Secrets(JsonNode? root)
    {
        List<(JsonObject, string, string, string)> found = [];
        if (root is not JsonObject site || site["links"] is not JsonArray links)
        {
            return found;
        }

        foreach (JsonNode? link in links)
        {
            if (link is JsonObject l && l["sim"] is JsonObject sim)
            {
                string name = l["name"] is JsonValue n && n.TryGetValue(out string? text) ? text : "";
                foreach (string member in s_members)
                {
                    if (sim[member] is JsonValue v && v.TryGetValue(out string? secret) && secret.Length > 0)
                    {
                        found.Add((sim, member, name, secret));
                    }
                }
            }
        }

        return found;
    }
}
