namespace NfBond.Aggregator.Plans;

/// <summary>One of the site's links as its configuration describes it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">fiber, dsl, cable, lte, 5g, starlink ...</param>
/// <param name="Provider">The provider, or empty.</param>
/// <param name="Role">primary, active or backup.</param>
/// <param name="Interface">The router interface.</param>
/// <param name="CapMb">The monthly data cap in MB, or 0.</param>
/// <param name="Metered">Whether traffic on it is paid for by volume.</param>
/// <param name="Modem">The modem that serves it, or empty.</param>
public sealed record PlanLink(string Name, string Type, string Provider, string Role, string Interface, long CapMb, bool Metered, string Modem);
