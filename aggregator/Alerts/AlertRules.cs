namespace NfBond.Aggregator.Alerts;

/// <summary>The rules alerts come from.</summary>
public static class AlertRules
{
    /// <summary>No link of the site can carry traffic.</summary>
    public const string SiteDown = "site_down";

    /// <summary>A link stayed down longer than <see cref="AlertOptions.LinkDownSeconds"/>.</summary>
    public const string LinkDown = "link_down";

    /// <summary>A controller's connection ended without a goodbye (its Last Will).</summary>
    public const string ControllerOffline = "controller_offline";

    /// <summary>The primary link carries no traffic: the site runs on its backup (after <see cref="AlertOptions.LinkDownSeconds"/>).</summary>
    public const string Failover = "failover";

    /// <summary>A modem reached the power-cycle rung of its recovery ladder, or was held.</summary>
    public const string ModemRecovery = "modem_recovery";

    /// <summary>A metered link used 80 % or all of its data.</summary>
    public const string DataCap = "data_cap";

    /// <summary>Another controller became the VRRP master.</summary>
    public const string VrrpMaster = "vrrp_master";

    /// <summary>A failover drill found no link to carry the traffic.</summary>
    public const string DrillFailed = "drill_failed";

    /// <summary>A modem's signal stayed below <see cref="AlertOptions.PoorRsrpDbm"/> RSRP or <see cref="AlertOptions.PoorSinrDb"/> SINR for <see cref="AlertOptions.PoorSignalMinutes"/>.</summary>
    public const string PoorSignal = "poor_signal";

    /// <summary>Every rule.</summary>
    public static readonly string[] All = [SiteDown, LinkDown, ControllerOffline, Failover, ModemRecovery, DataCap, PoorSignal, VrrpMaster, DrillFailed];

    /// <summary>Whether an incident of a rule lasts (opens and closes) rather than being one moment.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>True for site down, link down, on backup, controller offline and poor signal.</returns>
    public static bool Lasts(string rule) => rule is SiteDown or LinkDown or ControllerOffline or Failover or PoorSignal;
}
