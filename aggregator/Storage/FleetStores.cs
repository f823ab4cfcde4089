namespace NfBond.Aggregator.Storage;

/// <summary>Opens the store the options name.</summary>
public static class FleetStores
{
    /// <summary>Opens SQLite in the data directory or PostgreSQL, as configured.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The store.</returns>
    public static IFleetStore Open(AggregatorOptions options)
    {
        if (options.Storage == "postgres")
        {
            return new PostgresFleetStore(options.PostgresConnectionString);
        }

        Directory.CreateDirectory(options.DataDirectory);
        return new SqliteFleetStore(Path.Combine(options.DataDirectory, "fleet.db"));
    }
}
