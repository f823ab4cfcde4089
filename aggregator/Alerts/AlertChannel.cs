namespace NfBond.Aggregator.Alerts;

/// <summary>Where alerts go.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Tenant">Only this tenant's sites, or empty for every site.</param>
/// <param name="Kind">"email", "webhook" (JSON signed with HMAC-SHA256) or "ntfy" (HTTP push).</param>
/// <param name="Target">The address: an e-mail address or a URL.</param>
/// <param name="Secret">The webhook's signing key, or empty.</param>
/// <param name="Escalation">Whether it is the second channel, used after an incident stayed unacknowledged.</param>
public sealed record AlertChannel(long Id, string Tenant, string Kind, string Target, string Secret, bool Escalation);
