using NfBond.Hal;

namespace NfBond.Simulation.Network;

/// <summary>A steering executor that records the plans it is given (simulation and tests).</summary>
public sealed class SimulatedSteering : ISteeringExecutor
{
    /// <summary>Gets the weights of every plan applied, in order.</summary>
    public List<int[]> Applied { get; } = [];

    /// <inheritdoc/>
    public string? Prepare(SteeringEntry[] entries) => null;

    /// <inheritdoc/>
    public string? Apply(SteeringEntry[] entries)
    {
        Applied.Add(entries.Select(e => e.Weight).ToArray());
        return null;
    }
}
