namespace NfBond.Firmware.Links;

/// <summary>One thing that happened to a link, with its cause.</summary>
public sealed class LinkEvent
{
    internal LinkEvent(long timeMs, string link, LinkEventKind kind, LinkState state, string cause)
    {
        TimeMs = timeMs;
        Link = link;
        Kind = kind;
        State = state;
        Cause = cause;
    }

    /// <summary>Gets the loop time it happened at.</summary>
    public long TimeMs { get; }

    /// <summary>Gets the link's name ("*" for events about all links).</summary>
    public string Link { get; }

    /// <summary>Gets what happened.</summary>
    public LinkEventKind Kind { get; }

    /// <summary>Gets the link's state after the event.</summary>
    public LinkState State { get; }

    /// <summary>Gets why, in words an integrator can act on.</summary>
    public string Cause { get; }
}
