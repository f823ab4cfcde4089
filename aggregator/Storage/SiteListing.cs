using System.Text.Json.Serialization;

namespace NfBond.Aggregator.Storage;

/// <summary>A site as <c>GET /api/sites</c> lists it.</summary>
/// <param name="Site">The site.</param>
/// <param name="Controllers">How many controllers report for it.</param>
/// <param name="Unprovisioned">Of those, how many report without a provisioning (lab mode).</param>
public sealed record SiteListing(
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("controllers")] long Controllers,
    [property: JsonPropertyName("unprovisioned")] long Unprovisioned);
