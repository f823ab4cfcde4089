namespace NfBond.Aggregator.Ingest;

/// <summary>Why a message was not stored; each is counted and exported as a metric.</summary>
public enum RejectReason
{
    /// <summary>The topic is not nfbond/v1/{site}/{device}/{kind}.</summary>
    BadTopic,

    /// <summary>Larger than the configured maximum.</summary>
    Oversized,

    /// <summary>Not a JSON object.</summary>
    Malformed,

    /// <summary>A required member is missing or of the wrong type.</summary>
    MissingField,

    /// <summary>A timestamp outside the accepted window around the aggregator's clock (<see cref="MessageValidator.MaxPastMs"/>, <see cref="MessageValidator.MaxFutureMs"/>).</summary>
    OutOfRange,

    /// <summary>Published under another device's ID.</summary>
    Unauthorised,

    /// <summary>An event already stored (same device and sequence number).</summary>
    Duplicate,
}
