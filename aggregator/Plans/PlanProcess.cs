namespace NfBond.Aggregator.Plans;

/// <summary>A critical business process and what it needs (business impact analysis).</summary>
/// <param name="Name">The process (e.g. "Card payments").</param>
/// <param name="Systems">The systems it uses (e.g. "Card terminal, cash register").</param>
/// <param name="Links">The links that carry it, by name; empty means every link.</param>
/// <param name="RtoMinutes">Recovery time objective: how soon it must work again.</param>
/// <param name="MaxDowntimeMinutes">Maximum tolerable downtime before the business is seriously harmed.</param>
/// <param name="EmergencyOperation">How it runs meanwhile (e.g. "cash only"), or empty.</param>
public sealed record PlanProcess(string Name, string Systems, string[]? Links, int RtoMinutes, int MaxDowntimeMinutes, string? EmergencyOperation = null);
