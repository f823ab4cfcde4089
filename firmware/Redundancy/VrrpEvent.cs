namespace NfBond.Firmware.Redundancy;

/// <summary>A state change of a VRRP instance, with its cause.</summary>
public sealed class VrrpEvent
{
    internal VrrpEvent(long timeMs, VrrpState from, VrrpState to, int priority, string cause)
    {
        TimeMs = timeMs;
        From = from;
        To = to;
        Priority = priority;
        Cause = cause;
    }

    /// <summary>Gets the loop time.</summary>
    public long TimeMs { get; }

    /// <summary>Gets the state left.</summary>
    public VrrpState From { get; }

    /// <summary>Gets the state entered.</summary>
    public VrrpState To { get; }

    /// <summary>Gets the instance's effective priority at the time.</summary>
    public int Priority { get; }

    /// <summary>Gets why.</summary>
    public string Cause { get; }
}
