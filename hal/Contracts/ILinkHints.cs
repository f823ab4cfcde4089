namespace NfBond.Hal;

/// <summary>
/// A witness of the links' health besides the controller's own probes: a bonding tunnel sends keepalives over
/// every link many times a second and notices a silent link long before a probe round would.
/// </summary>
/// <remarks>The controller takes a hint as a reason to probe the link now; only its probes take a link down.</remarks>
public interface ILinkHints
{
    /// <summary>Gets or sets who is told that a link (by name) looks dead; may be called on any thread.</summary>
    LinkHintHandler? Suspected { get; set; }
}
