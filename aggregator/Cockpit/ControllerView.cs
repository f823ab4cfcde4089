namespace NfBond.Aggregator.Cockpit;

/// <summary>A controller of a site as the cockpit shows it.</summary>
/// <param name="Device">The controller.</param>
/// <param name="Online">Whether it is connected.</param>
/// <param name="VrrpRole">master, backup, initialize, or empty without VRRP.</param>
/// <param name="Priority">Its VRRP priority, or 0.</param>
/// <param name="Links">Its links.</param>
/// <param name="Modems">Its modems.</param>
/// <param name="StateTs">When its state was last stored, ms since 1970 UTC, or 0.</param>
public sealed record ControllerView(string Device, bool Online, string VrrpRole, long Priority, IReadOnlyList<LinkView> Links, IReadOnlyList<ModemView> Modems, long StateTs);
