using System;

namespace NfBond.Hal.Linux;

/// <summary>The host's calendar clock.</summary>
public sealed class SystemWallClock : IWallClock
{
    /// <inheritdoc/>
    public long UtcNowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
