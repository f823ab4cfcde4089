namespace NfBond.Aggregator.Cockpit;

/// <summary>
/// The cockpit's texts. The English words are the keys (pages write <c>@T["Log in"]</c>); Texts.de.resx
/// holds the German ones, picked by the ?culture= link, the language cookie or the browser's language.
/// </summary>
public sealed class Texts
{
}
