namespace NfBond.Aggregator.Plans;

/// <summary>A person in the alarm chain, in the order they are called, with a deputy.</summary>
/// <param name="Role">What they do in an emergency (e.g. "Emergency officer (owner)", "Integrator").</param>
/// <param name="Name">Their name.</param>
/// <param name="Phone">How to reach them without the site's internet (mobile number).</param>
/// <param name="Email">Their e-mail address, or empty.</param>
/// <param name="Deputy">Who stands in, or empty.</param>
/// <param name="DeputyPhone">The deputy's number, or empty.</param>
public sealed record PlanContact(string Role, string Name, string Phone, string? Email = null, string? Deputy = null, string? DeputyPhone = null);
