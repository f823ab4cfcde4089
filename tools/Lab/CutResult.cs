namespace NfBond.Lab;

/// <summary>What one cut of the primary measured, in milliseconds (-1 when it did not happen in time).</summary>
/// <param name="Index">1-based cut number.</param>
/// <param name="Method">How the path was cut.</param>
/// <param name="DetectionMs">Cut to the controller's "down" event.</param>
/// <param name="RestoreMs">Cut to the first datagram through a backup.</param>
/// <param name="Lost">Datagrams sent between cut and restore that never arrived.</param>
/// <param name="BackToPrimaryMs">Repair to the first datagram through the primary again.</param>
public sealed record CutResult(int Index, CutMethod Method, double DetectionMs, double RestoreMs, int Lost, double BackToPrimaryMs);
