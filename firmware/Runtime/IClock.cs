namespace NfBond.Firmware.Runtime;

/// <summary>
/// A monotonic millisecond clock. Firmware logic takes all time from here, never from the wall clock,
/// so tests can substitute a <see cref="VirtualClock"/> and run a simulated day in seconds.
/// </summary>
public interface IClock
{
    /// <summary>Gets milliseconds since an arbitrary fixed origin; never decreases.</summary>
    long NowMs { get; }
}
