namespace NfBond.Hal;

/// <summary>
/// Puts a steering plan into effect: new flows spread over the links by weight, flows already on a link
/// that keeps a weight stay where they are, flows on a link whose weight dropped to 0 move.
/// </summary>
/// <remarks>
/// Implementations: per-link routing tables, rules and a weighted multipath default route on Linux
/// (iproute2 and nftables); a MikroTik router's REST API from an add-on board (firmware/Steering
/// RouterOsExecutor); report-only on a board that steers nothing (hal/Nano ReportOnlySteering); a recorder in tests.
/// </remarks>
public interface ISteeringExecutor
{
    /// <summary>Sets up what each link needs before any plan, so probes marked for a link can leave through it.</summary>
    /// <param name="entries">One entry per configured link (weights ignored).</param>
    /// <returns>Null when done, else what failed.</returns>
    string? Prepare(SteeringEntry[] entries);

    /// <summary>Applies a plan; called from the event loop, returns quickly.</summary>
    /// <param name="entries">One entry per configured link, weights summing to 1000 or all 0.</param>
    /// <returns>Null when applied, else what failed (the command and its error output).</returns>
    string? Apply(SteeringEntry[] entries);
}
