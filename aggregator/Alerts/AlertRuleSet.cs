using System.Text.Json;
using System.Text.Json.Serialization;

namespace NfBond.Aggregator.Alerts;

/// <summary>
/// A tenant's or a site's changes to the alert rules: each member left out keeps what the level above says
/// (site over tenant over the aggregator's settings). Read and written as snake_case JSON.
/// </summary>
/// <param name="LinkDownSeconds">How long a link must stay down before it is alerted (and before "on backup" is).</param>
/// <param name="FlapSeconds">Flap damping: how soon a cleared incident that comes back is the same one.</param>
/// <param name="RenotifySeconds">How often an open, unacknowledged incident is sent again (0: never).</param>
/// <param name="EscalateSeconds">After how long an unacknowledged incident also goes to the escalation channels.</param>
/// <param name="PoorSignalMinutes">How long a modem's signal must stay poor before it is alerted.</param>
/// <param name="PoorRsrpDbm">RSRP below this is poor.</param>
/// <param name="PoorSinrDb">SINR below this is poor.</param>
/// <param name="Off">Rules that raise nothing here (e.g. "vrrp_master" for a site whose integrator does not care).</param>
public sealed record AlertRuleSet(
    int? LinkDownSeconds = null,
    int? FlapSeconds = null,
    int? RenotifySeconds = null,
    int? EscalateSeconds = null,
    int? PoorSignalMinutes = null,
    int? PoorRsrpDbm = null,
    int? PoorSinrDb = null,
    string[]? Off = null)
{
    /// <summary>How rule sets are written: snake_case members, nulls left out, unknown members refused.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Gets whether the set leaves every rule as the level above says.</summary>
    [JsonIgnore]
    public bool ChangesNothing => this with { Off = null } == new AlertRuleSet() && (Off == null || Off.Length == 0);

    /// <summary>Reads a rule set.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="problem">What is wrong (where, what value, what is allowed), or null.</param>
    /// <returns>The rule set, or null.</returns>
    public static AlertRuleSet? Read(string json, out string? problem)
    {
        AlertRuleSet? rules;
        try
        {
            rules = JsonSerializer.Deserialize<AlertRuleSet>(json, Json);
        }
        catch (JsonException ex)
        {
            problem = $"the alert rules do not read at {ex.Path ?? "$"}: {ex.Message}";
            return null;
        }

        problem = rules == null ? "the alert rules are null; give an object such as {\"link_down_seconds\": 120, \"off\": [\"vrrp_master\"]}" : rules.Problem();
        return problem == null ? rules : null;
    }

    private string? Problem()
    {
        string? problem = Range("link_down_seconds", LinkDownSeconds, 0, 86_400) ?? Range("flap_seconds", FlapSeconds, 0, 86_400)
            ?? Range("renotify_seconds", RenotifySeconds, 0, 604_800) ?? Range("escalate_seconds", EscalateSeconds, 0, 604_800)
            ?? Range("poor_signal_minutes", PoorSignalMinutes, 1, 1440) ?? Range("poor_rsrp_dbm", PoorRsrpDbm, -140, -44)
            ?? Range("poor_sinr_db", PoorSinrDb, -20, 30);
        if (problem != null)
        {
            return problem;
        }

        string? unknown = Off?.FirstOrDefault(r => !AlertRules.All.Contains(r));
        return unknown == null ? null : $"off: '{unknown}' is not a rule; one of {string.Join(", ", AlertRules.All)}";
    }

    private static string? Range(string name, int? value, int min, int max) =>
        value is int v && (v < min || v > max) ? $"{name} {v}: {min} to {max}" : null;
}
