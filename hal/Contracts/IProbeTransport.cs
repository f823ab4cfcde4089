namespace NfBond.Hal;

/// <summary>
/// Sends reachability probes through a given link (bound to its interface and marked for its routing
/// table, so the probe tests that link and no other).
/// </summary>
/// <remarks>
/// Implementations: sockets on Linux (TCP, DNS, HTTP(S), ICMP), sockets on nanoFramework (hal/Nano
/// NanoSocketProbes), the modem's own ping for cellular links, and a scripted network in tests.
/// </remarks>
public interface IProbeTransport
{
    /// <summary>Raised exactly once per <see cref="Send"/> when the probe answered, failed or timed out; on any thread, possibly before <see cref="Send"/> returns.</summary>
    event ProbeCompletedHandler Completed;

    /// <summary>Gets whether this transport sends probes of a kind through an interface (a modem pings only for its own link).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="iface">The link's interface.</param>
    /// <returns>True if supported.</returns>
    bool Supports(ProbeKind kind, string iface);

    /// <summary>Starts one probe; never blocks for the answer.</summary>
    /// <param name="request">What to send; must not be sent again before it completes.</param>
    void Send(ProbeRequest request);
}
