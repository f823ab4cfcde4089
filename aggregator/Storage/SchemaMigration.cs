namespace NfBond.Aggregator.Storage;

/// <summary>One step of the database schema: applied once, in order, and recorded in <c>schema_version</c>.</summary>
/// <param name="Version">Its number (1, 2, ...).</param>
/// <param name="Description">What it adds.</param>
/// <param name="Sql">Its statements for both databases: <c>{identity}</c> stands for a generated key column, <c>{clustered}</c> for what makes a table its own primary-key index.</param>
public sealed record SchemaMigration(int Version, string Description, string Sql);
