namespace NfBond.Lab;

/// <summary>How the lab breaks the primary path.</summary>
public enum CutMethod
{
    /// <summary>The provider drops every forwarded packet (nftables): the link looks fine but nothing passes.</summary>
    Drop,

    /// <summary>The provider's interface towards the router goes down: the router sees carrier loss.</summary>
    LinkDown,
}
