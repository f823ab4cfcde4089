namespace NfBond.Lab;

/// <summary>What a lab drill measured: the controller's own report beside what the traffic did.</summary>
/// <param name="Ok">The controller's verdict: another link carried the traffic for the whole drill.</param>
/// <param name="ControllerSwitchMs">The switch the controller measured (restore_ms).</param>
/// <param name="CarriedMs">How long the controller saw another link carry the traffic.</param>
/// <param name="BackMs">How long after the drill the controller saw the link up again, or -1.</param>
/// <param name="TrafficSwitchMs">The pause the traffic saw: from its last datagram through wan1 to its first through another path, or -1.</param>
/// <param name="Sent">Datagrams sent during the drill.</param>
/// <param name="Lost">Of those, the ones that never arrived.</param>
/// <param name="OnBackupPercent">Of those that arrived, the share that came through another path.</param>
/// <param name="TrafficBackMs">From the drill's end to the first datagram through wan1 again, or -1.</param>
/// <param name="InPlan">Whether the run is in the site's emergency plan drill log with the controller's switch time.</param>
public sealed record DrillLabResult(bool Ok, long ControllerSwitchMs, long CarriedMs, long BackMs, double TrafficSwitchMs, int Sent, int Lost, double OnBackupPercent, double TrafficBackMs, bool InPlan);
