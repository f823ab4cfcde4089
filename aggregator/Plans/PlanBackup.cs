namespace NfBond.Aggregator.Plans;

/// <summary>A data backup or fallback system the site relies on.</summary>
/// <param name="What">What is backed up or kept in reserve.</param>
/// <param name="HowOften">How often (e.g. "daily 22:00").</param>
/// <param name="Where">Where it is kept.</param>
/// <param name="LastRestoreTest">When a restore was last tested (a date), or empty.</param>
public sealed record PlanBackup(string What, string HowOften, string Where, string? LastRestoreTest = null);
