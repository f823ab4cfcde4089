using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Configs;

/// <summary>What publishing a configuration did.</summary>
/// <param name="Stored">The new version, or null when refused.</param>
/// <param name="SentTo">The controllers it was sent to.</param>
/// <param name="Problems">Why it was refused (path, value, what is allowed), else empty.</param>
public sealed record ConfigPublishResult(ConfigVersion? Stored, IReadOnlyList<string> SentTo, IReadOnlyList<string> Problems);
