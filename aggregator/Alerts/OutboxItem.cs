namespace NfBond.Aggregator.Alerts;

/// <summary>An alert waiting to leave through a channel (kept until the channel took it).</summary>
/// <param name="Id">Its number.</param>
/// <param name="Incident">The incident it tells of.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Subject">Its subject line.</param>
/// <param name="Body">Its JSON body (what a webhook receives; e-mail and push render it).</param>
/// <param name="Attempts">How often sending was tried.</param>
/// <param name="SentAt">When the channel took it, or 0.</param>
/// <param name="LastError">Why the last try failed, or empty.</param>
public sealed record OutboxItem(long Id, long Incident, long Channel, string Subject, string Body, int Attempts, long SentAt, string LastError);
