namespace NfBond.Lab;

/// <summary>Settings of a failover run.</summary>
public sealed class FailoverOptions
{
    /// <summary>Gets or sets the detection profile: "fast" or "gentle".</summary>
    public string Profile { get; set; } = "fast";

    /// <summary>Gets or sets how many cuts; methods alternate (drop, link down) unless <see cref="Method"/> is set.</summary>
    public int Cuts { get; set; } = 4;

    /// <summary>Gets or sets a single cut method, or null to alternate.</summary>
    public CutMethod? Method { get; set; }

    /// <summary>Gets or sets how to start nfbond, e.g. ["dotnet", "exec", "/path/nfbond.dll"].</summary>
    public string[] ControllerCommand { get; set; } = [];

    /// <summary>Gets or sets how long the primary stays cut after the failover before it is repaired.</summary>
    public int HoldCutMs { get; set; } = 1000;

    /// <summary>Gets or sets the seed for the random cut phases.</summary>
    public int Seed { get; set; } = 1;
}
