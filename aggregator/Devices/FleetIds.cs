namespace NfBond.Aggregator.Devices;

/// <summary>
/// What a site or device ID may be: it becomes an MQTT topic level and a client ID, so MQTT's wildcards
/// (<c>+</c>, <c>#</c>), separators and control characters are out, and the aggregator's own names are reserved.
/// </summary>
public static class FleetIds
{
    /// <summary>The client ID the aggregator publishes commands under; no device may use it or its prefix.</summary>
    public const string AggregatorClientId = "nfbond-aggregator";

    /// <summary>The rule, for error messages.</summary>
    public const string Rule = "1 to 64 of a-z, A-Z, 0-9, '.', '_', '-', starting with a letter or digit; \"nfbond-aggregator...\" is reserved";

    /// <summary>Checks an ID.</summary>
    /// <param name="what">"site" or "device", for the message.</param>
    /// <param name="id">The ID.</param>
    /// <returns>Null when allowed, else the reason with the value and the rule.</returns>
    public static string? Check(string what, string id)
    {
        bool ok = id.Length is >= 1 and <= 64 && char.IsAsciiLetterOrDigit(id[0])
            && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            && !id.StartsWith(AggregatorClientId, StringComparison.OrdinalIgnoreCase);
        return ok ? null : $"{what} ID \"{id}\" is not allowed; {Rule}";
    }
}
