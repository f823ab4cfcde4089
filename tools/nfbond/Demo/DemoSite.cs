using NfBond.Cli.Hosting;
using NfBond.Simulation;
using NfBond.Simulation.Network;

namespace NfBond.Cli.Demo;

/// <summary>One simulated site of the demo: its controllers, each with its own simulated WAN and traffic.</summary>
public sealed class DemoSite
{
    /// <summary>Creates the site's record.</summary>
    /// <param name="name">The site ID.</param>
    /// <param name="tenant">The tenant it belongs to.</param>
    public DemoSite(string name, string tenant)
    {
        Name = name;
        Tenant = tenant;
    }

    /// <summary>Gets the site ID.</summary>
    public string Name { get; }

    /// <summary>Gets the tenant.</summary>
    public string Tenant { get; }

    /// <summary>Gets the controllers (two for a VRRP pair: the first is the master by priority).</summary>
    public List<ControllerHost> Controllers { get; } = [];

    /// <summary>Gets each controller's simulated WAN, in <see cref="Controllers"/> order.</summary>
    public List<SimulatedNetwork> Networks { get; } = [];

    /// <summary>Gets each controller's interface byte counters, in <see cref="Controllers"/> order.</summary>
    public List<SimulatedTraffic> Traffic { get; } = [];

    /// <summary>Gets the first simulated modem of a controller, or null before its UART opened.</summary>
    /// <param name="controller">The controller's index.</param>
    /// <returns>The modem.</returns>
    public NfBond.Simulation.Modems.ModemSimulator? Modem(int controller) =>
        (Controllers[controller].Platform as SimulatedPlatform)?.ModemSimulators.FirstOrDefault();
}
