namespace NfBond.Hal;

/// <summary>The platform's calendar time (RTC or SNTP): for timestamps and command replay windows, never for timers.</summary>
public interface IWallClock
{
    /// <summary>Gets milliseconds since 1970-01-01 UTC.</summary>
    long UtcNowMs { get; }
}
