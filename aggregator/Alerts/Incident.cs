namespace NfBond.Aggregator.Alerts;

/// <summary>One problem, from its start to its end: a site down is one incident however many alerts it could have raised.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Key">What it is about: site, rule and scope; one open incident per key.</param>
/// <param name="Site">The site.</param>
/// <param name="Rule">The rule (see <see cref="AlertRules"/>).</param>
/// <param name="Scope">The link, controller or modem it concerns, or empty.</param>
/// <param name="Detail">What was seen, in words.</param>
/// <param name="Opened">When it began, ms since 1970 UTC.</param>
/// <param name="Closed">When it ended, or 0 while open.</param>
/// <param name="Notified">When it was first sent, or 0.</param>
/// <param name="LastSent">When it was last sent (first or again), or 0.</param>
/// <param name="Escalated">Whether it went to the escalation channels.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or empty.</param>
/// <param name="Flaps">How often it came back within the flap time.</param>
/// <param name="ResolvedSent">Whether the all-clear went out.</param>
public sealed record Incident(long Id, string Key, string Site, string Rule, string Scope, string Detail, long Opened, long Closed, long Notified, long LastSent,
    bool Escalated, string AcknowledgedBy, int Flaps, bool ResolvedSent);
