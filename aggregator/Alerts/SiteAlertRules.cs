namespace NfBond.Aggregator.Alerts;

/// <summary>The alert rules in force at one site: the aggregator's settings, changed by its tenant's rule set, changed by its own.</summary>
/// <param name="LinkDownSeconds">How long a link must stay down before it is alerted.</param>
/// <param name="FlapSeconds">Flap damping.</param>
/// <param name="RenotifySeconds">Reminder interval (0: never).</param>
/// <param name="EscalateSeconds">Escalation delay.</param>
/// <param name="PoorSignalMinutes">How long a signal must stay poor.</param>
/// <param name="PoorRsrpDbm">RSRP below this is poor.</param>
/// <param name="PoorSinrDb">SINR below this is poor.</param>
/// <param name="Off">Rules that raise nothing.</param>
public sealed record SiteAlertRules(int LinkDownSeconds, int FlapSeconds, int RenotifySeconds, int EscalateSeconds, int PoorSignalMinutes, int PoorRsrpDbm, int PoorSinrDb, string[] Off)
{
    /// <summary>Resolves the rules of a site.</summary>
    /// <param name="defaults">The aggregator's settings.</param>
    /// <param name="tenant">The tenant's rule set, or null.</param>
    /// <param name="site">The site's rule set, or null.</param>
    /// <returns>The rules in force.</returns>
    public static SiteAlertRules Resolve(AlertOptions defaults, AlertRuleSet? tenant, AlertRuleSet? site) => new(
        site?.LinkDownSeconds ?? tenant?.LinkDownSeconds ?? defaults.LinkDownSeconds,
        site?.FlapSeconds ?? tenant?.FlapSeconds ?? defaults.FlapSeconds,
        site?.RenotifySeconds ?? tenant?.RenotifySeconds ?? defaults.RenotifySeconds,
        site?.EscalateSeconds ?? tenant?.EscalateSeconds ?? defaults.EscalateSeconds,
        site?.PoorSignalMinutes ?? tenant?.PoorSignalMinutes ?? defaults.PoorSignalMinutes,
        site?.PoorRsrpDbm ?? tenant?.PoorRsrpDbm ?? defaults.PoorRsrpDbm,
        site?.PoorSinrDb ?? tenant?.PoorSinrDb ?? defaults.PoorSinrDb,
        site?.Off ?? tenant?.Off ?? []);

    /// <summary>Tells whether a rule raises incidents here.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>False when switched off.</returns>
    public bool Enabled(string rule) => !Off.Contains(rule);
}
