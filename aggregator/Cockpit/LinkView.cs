namespace NfBond.Aggregator.Cockpit;

/// <summary>A link as its controller last reported it.</summary>
/// <param name="Name">The link.</param>
/// <param name="Type">fiber, dsl, cable, lte, 5g, starlink...</param>
/// <param name="Role">primary, active or backup.</param>
/// <param name="State">up, down, probing...</param>
/// <param name="Usable">Whether it may carry traffic.</param>
/// <param name="Weight">Its share of new flows.</param>
/// <param name="LatencyUs">Latency, µs.</param>
/// <param name="LossPermille">Loss, ‰.</param>
/// <param name="JitterUs">Jitter, µs.</param>
/// <param name="Modem">Its modem, or empty.</param>
/// <param name="UsedBytes">Data used this billing period.</param>
/// <param name="CapBytes">The data cap, or 0.</param>
public sealed record LinkView(string Name, string Type, string Role, string State, bool Usable, long Weight, long LatencyUs, long LossPermille, long JitterUs, string Modem, long UsedBytes, long CapBytes);
