namespace NfBond.Cockpit.Tests;

/// <summary>The browser tests share one aggregator, fleet and browser (starting them takes seconds).</summary>
[CollectionDefinition("cockpit")]
public sealed class CockpitCollection : ICollectionFixture<CockpitFixture>
{
}
