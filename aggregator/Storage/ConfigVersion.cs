namespace NfBond.Aggregator.Storage;

/// <summary>One version of a site's controller configuration (a site file).</summary>
/// <param name="Site">The site.</param>
/// <param name="Version">1, 2, 3... per site.</param>
/// <param name="Hash">The site file's hash as controllers report it in birth (<c>config_hash</c>).</param>
/// <param name="Body">The site file, exactly as controllers receive it.</param>
/// <param name="Created">When it was stored, ms since 1970 UTC.</param>
/// <param name="Note">Who or why (free text, e.g. "rollback to 2").</param>
public sealed record ConfigVersion(string Site, int Version, string Hash, string Body, long Created, string Note);
