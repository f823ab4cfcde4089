namespace NfBond.Aggregator.Accounts;

/// <summary>What a cockpit user may do.</summary>
public enum CockpitRole
{
    /// <summary>Read-only, and only the sites of the user's own tenant.</summary>
    Customer,

    /// <summary>Every tenant's sites and their actions (drills, resync, reboot); no user management.</summary>
    Technician,

    /// <summary>Everything, users included.</summary>
    Administrator,
}
