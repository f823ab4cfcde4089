using System;

namespace NfBond.Firmware.Runtime;

/// <summary>
/// Wraps an exception thrown by a loop callback when no <see cref="EventLoop.FaultHandler"/> is set.
/// </summary>
public sealed class LoopCallbackException : Exception
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The callback's exception.</param>
    public LoopCallbackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
