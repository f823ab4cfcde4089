namespace NfBond.Aggregator.Cockpit;

/// <summary>What became of a command sent from the site page.</summary>
/// <param name="Command">The command (run_drill, resync, reboot).</param>
/// <param name="Device">The controller it went to.</param>
/// <param name="Id">Its ID.</param>
/// <param name="Answer">The controller's cmd/res answer as sent, or null when none came in time.</param>
/// <param name="Ok">Whether the controller executed it (false also when no answer came).</param>
/// <param name="Detail">The error, or the drill's result in words.</param>
public sealed record CommandOutcome(string Command, string Device, string Id, string? Answer, bool Ok, string Detail);
