using System;

namespace NfBond.Firmware.Runtime;

/// <summary>
/// The real monotonic clock: milliseconds since the device (or process) started.
/// </summary>
/// <remarks>On nanoFramework <c>Environment.TickCount64</c> comes from nanoFramework.Runtime.Native.</remarks>
public sealed class SystemClock : IClock
{
    /// <inheritdoc/>
    public long NowMs => Environment.TickCount64;
}
