using System;
using System.Globalization;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// The controller's steering with a bonding tunnel beside it, so failover and bonding follow one plan: the plan
/// goes to the per-flow executor as without bonding, and the tunnel carries only on links the plan gives a weight
/// (a backup tier or a metered link over its cap, closed to flows, is closed to the tunnel too). Its keepalives
/// witness the links in turn: a path that falls silent while another still hears the server asks the controller to probe its link now.
/// </summary>
public sealed class BondSteering : ISteeringExecutor, ILinkHints, IDisposable
{
    private readonly ISteeringExecutor _flows;
    private readonly BondEndpoint _endpoint;
    private readonly string[] _links;

    /// <summary>Creates the steering.</summary>
    /// <param name="flows">The per-flow executor (routing tables and rules).</param>
    /// <param name="endpoint">The site's tunnel end.</param>
    /// <param name="links">Each path's link name, as in the site file.</param>
    /// <exception cref="ArgumentException">The names do not give one link per path.</exception>
    public BondSteering(ISteeringExecutor flows, BondEndpoint endpoint, string[] links)
    {
        if (links.Length != endpoint.PathCount)
        {
            throw new ArgumentException($"the tunnel has {endpoint.PathCount} paths; {links.Length} link names given", nameof(links));
        }

        _flows = flows;
        _endpoint = endpoint;
        _links = links;
        endpoint.PathChanged += OnPathChanged;
    }

    /// <inheritdoc/>
    public LinkHintHandler? Suspected { get; set; }

    /// <inheritdoc/>
    public string? Prepare(SteeringEntry[] entries) => _flows.Prepare(entries);

    /// <summary>Applies the plan to flows, then opens the tunnel's paths whose links have a weight and closes the others.</summary>
    /// <param name="entries">One entry per configured link.</param>
    /// <returns>Null when the flows' part applied, else what failed (the tunnel's part always applies).</returns>
    public string? Apply(SteeringEntry[] entries)
    {
        string? error = _flows.Apply(entries);
        // A plan that gives no link a weight sees none up; the tunnel's keepalives then judge for themselves.
        bool any = Array.Exists(entries, e => e.Weight > 0);
        for (int p = 0; p < _links.Length; p++)
        {
            SteeringEntry? entry = Array.Find(entries, e => e.Name == _links[p]);
            _endpoint.SetAllowed(p, !any || (entry != null && entry.Weight > 0));
        }

        return error;
    }

    /// <summary>Stops witnessing (the endpoint outlives a restarted controller).</summary>
    public void Dispose() => _endpoint.PathChanged -= OnPathChanged;

    // Only while the server is heard on another link lately (not suspect): when the server is down or unreachable
    // every path falls silent within a keepalive of the others, and that says nothing about the links.
    private void OnPathChanged(int path, bool alive)
    {
        int carrying = -1;
        for (int p = 0; p < _links.Length && !alive && carrying < 0; p++)
        {
            carrying = p != path && _endpoint.IsAlive(p) && !_endpoint.IsSuspect(p) ? p : -1;
        }

        if (carrying >= 0)
        {
            Suspected?.Invoke(_links[path], "the bonding server was not heard on it for " + _endpoint.Options.DeadAfterMs.ToString(CultureInfo.InvariantCulture)
                + " ms while it was on " + _links[carrying]);
        }
    }
}
