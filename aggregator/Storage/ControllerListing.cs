using System.Text.Json.Serialization;

namespace NfBond.Aggregator.Storage;

/// <summary>A controller as <c>GET /api/controllers</c> lists it.</summary>
/// <param name="Device">The controller.</param>
/// <param name="Site">Its site.</param>
/// <param name="Provisioned">Whether it was provisioned (false: it reports in lab mode without credentials).</param>
/// <param name="Status">Its latest status ("online", "offline"), or null before the first.</param>
/// <param name="StatusTs">When that status was reported, ms since 1970 UTC, or null.</param>
/// <param name="LastSeq">The highest event sequence number stored, or null before the first event.</param>
public sealed record ControllerListing(
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("provisioned")] bool Provisioned,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("status_ts")] long? StatusTs,
    [property: JsonPropertyName("last_seq")] long? LastSeq);
