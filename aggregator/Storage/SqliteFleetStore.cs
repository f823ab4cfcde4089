using System.Data.Common;
using Microsoft.Data.Sqlite;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode (readers never block the writer). Batches are written
/// by one long-lived connection in one transaction with prepared statements.
/// </summary>
public sealed class SqliteFleetStore : SqlFleetStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly object _writeLock = new();

    /// <summary>Opens (and creates) the database.</summary>
    /// <param name="path">The database file.</param>
    public SqliteFleetStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        using (SqliteCommand pragmas = new("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", _writer))
        {
            pragmas.ExecuteNonQuery();
        }

        Migrated = Schema.Migrate(_writer, "INTEGER PRIMARY KEY", " WITHOUT ROWID", null);
    }

    /// <inheritdoc/>
    public override int WriteBatch(IReadOnlyList<IngestMessage> batch)
    {
        int duplicates = 0;
        lock (_writeLock)
        {
            using SqliteTransaction tx = _writer.BeginTransaction();
            Dictionary<string, SqliteCommand> prepared = [];
            try
            {
                foreach ((string sql, (string Name, object Value)[] values) in BatchStatements(batch))
                {
                    if (!prepared.TryGetValue(sql, out SqliteCommand? command))
                    {
                        command = (SqliteCommand)Command(_writer, sql, values);
                        command.Transaction = tx;
                        command.Prepare();
                        prepared[sql] = command;
                    }

                    for (int i = 0; i < values.Length; i++)
                    {
                        command.Parameters[i].Value = values[i].Value;
                    }

                    if (command.ExecuteNonQuery() == 0 && ReferenceEquals(sql, InsertEventSql))
                    {
                        duplicates++;
                    }
                }

                tx.Commit();
            }
            finally
            {
                foreach (SqliteCommand command in prepared.Values)
                {
                    command.Dispose();
                }
            }
        }

        return duplicates;
    }

    /// <inheritdoc/>
    public override void Dispose() => _writer.Dispose();

    /// <inheritdoc/>
    protected override DbConnection Open()
    {
        SqliteConnection c = new(_connectionString);
        c.Open();
        return c;
    }

    /// <inheritdoc/>
    protected override string JsonMember(string column, string member) => $"json_extract({column}, '$.{member}')";
}
