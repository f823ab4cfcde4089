using System.Text.Json;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// SQLite writes a batch statement by statement, PostgreSQL as one statement per table: both must store
/// the same thing from the same batches, duplicates and all.
/// </summary>
public class StoreBatchTests
{
    private const long T0 = 1_780_000_200_000;

    private static IngestMessage Event(string device, long seq, long ts, string state) =>
        new("shop", device, "events", seq, ts, "link_state", $"{{\"seq\":{seq},\"ts\":{ts},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"{state}\",\"cause\":\"test\"}}", ts);

    private static IngestMessage State(string device, long ts, long latency, long received) =>
        new("shop", device, "state", 0, ts, "", $"{{\"ts\":{ts},\"next_seq\":1,\"links\":[{{\"name\":\"fiber\",\"state\":\"up\",\"latency_us\":{latency},\"loss_permille\":{latency / 1000}}},"
            + $"{{\"name\":\"lte\",\"state\":\"up\",\"modem\":\"m1\",\"latency_us\":40000,\"used_bytes\":{ts - T0}}}],\"modems\":[{{\"name\":\"m1\",\"rsrp_dbm\":-95,\"sinr_tenths_db\":120}}]}}", received);

    private static readonly IngestMessage[][] s_batches =
    [
        [
            Event("ctl-a", 1, T0, "down"), Event("ctl-a", 2, T0 + 1000, "up"), Event("ctl-a", 2, T0 + 1000, "up"),
            State("ctl-a", T0 + 2000, 12000, T0 + 2000), State("ctl-a", T0 + 1500, 99000, T0 + 2100), State("ctl-b", T0 + 3000, 20000, T0 + 3000),
            new("shop", "ctl-a", "status", 0, T0, "", "{\"state\":\"online\",\"ts\":" + T0 + "}", T0),
        ],
        [
            // Redelivered after a crash between commit and acknowledgement, plus news.
            Event("ctl-a", 2, T0 + 1000, "up"), Event("ctl-a", 3, T0 + 4000, "down"), Event("ctl-b", 1, T0 + 4000, "down"),
            State("ctl-a", T0 + 5000, 14000, T0 + 5000), State("ctl-a", T0 + 400_000, 16000, T0 + 400_000),
        ],
    ];

    private static string Snapshot(IFleetStore store, List<int> duplicates)
    {
        IReadOnlyList<string> Bodies(string device) => [.. store.Events(device, 0, 100).Select(e => e.GetRawText())];
        string Latest(string device, string kind) => store.Latest(device, kind)?.GetRawText() ?? "none";
        List<string> lines = [$"duplicates {string.Join(",", duplicates)}"];
        foreach (string device in new[] { "ctl-a", "ctl-b" })
        {
            lines.Add($"{device} events: {string.Join(" | ", Bodies(device))}");
            lines.Add($"{device} state: {Latest(device, "state")}; status: {Latest(device, "status")}");
            foreach (string link in new[] { "fiber", "lte" })
            {
                // Raw samples at 1 s and the 5-minute rollups.
                lines.Add($"{device} {link} samples: {string.Join(" ", store.LinkSeries(device, link, T0, T0 + 3_600_000, 1000))}");
                lines.Add($"{device} {link} rollups: {string.Join(" ", store.LinkSeries(device, link, T0, T0 + 3_600_000, SqlFleetStore.RollupMs))}");
            }
        }

        lines.Add($"changed: {string.Join(",", store.ChangedSites(0).Select(c => c.Key + "@" + c.Value))}; events stored {store.EventCount()}");
        return string.Join("\n", lines);
    }

    private static string Write(IFleetStore store)
    {
        List<int> duplicates = [.. s_batches.Select(store.WriteBatch)];
        return Snapshot(store, duplicates);
    }

    [Fact]
    public void Sqlite_and_postgres_store_the_same_batches_alike()
    {
        string sqlite;
        using (SqliteFleetStore store = new(Path.Combine(Directory.CreateTempSubdirectory("nfbond-batch").FullName, "fleet.db")))
        {
            sqlite = Write(store);
        }

        using PostgresServer postgres = new();
        string postgresResult;
        using (PostgresFleetStore store = new(postgres.CreateDatabase("batch")))
        {
            postgresResult = Write(store);
        }

        Assert.Equal(sqlite, postgresResult);
        string[] lines = sqlite.Split('\n');
        // One duplicate inside the first batch, one redelivered in the second.
        Assert.Equal("duplicates 1,1", lines[0]);
        Assert.Contains("changed: shop@" + (T0 + 400_000), sqlite);
        // The state with the older ts, though received later, did not replace the newer one; the one received
        // 400 s later did.
        Assert.Contains("\"latency_us\":16000", lines.Single(l => l.StartsWith("ctl-a state:", StringComparison.Ordinal)));
        // Both first-bucket states count in the 5-minute rollup: (12000 + 99000 + 14000) / 3, rounded.
        Assert.Contains("LatencyUs = 41667", lines.Single(l => l.StartsWith("ctl-a fiber rollups:", StringComparison.Ordinal)));
        Assert.Contains("RsrpDbm = -95", lines.Single(l => l.StartsWith("ctl-a lte samples:", StringComparison.Ordinal)));
        Assert.Equal(4, JsonSerializer.Deserialize<int>(lines[^1].Split("events stored ")[1]));
    }
}
