namespace NfBond.Aggregator.Fleet;

/// <summary>A period during which a link, or a whole site, was down.</summary>
/// <param name="Scope">The link's name, or "*" for the whole site.</param>
/// <param name="StartMs">When it went down (ms since 1970 UTC).</param>
/// <param name="EndMs">When it came back, or -1 while still down.</param>
/// <param name="Cause">Why, from the event that started it.</param>
public sealed record Outage(string Scope, long StartMs, long EndMs, string Cause);
