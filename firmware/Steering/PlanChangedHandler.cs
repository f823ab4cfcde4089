namespace NfBond.Firmware.Steering;

/// <summary>Receives each new steering plan on the loop thread, after it was applied (or failed to be).</summary>
/// <param name="plan">The new plan.</param>
/// <param name="applyError">Null when the executor applied it, else what failed.</param>
public delegate void PlanChangedHandler(SteeringPlan plan, string? applyError);
