using NfBond.Aggregator.Fleet;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>The ledger answers what a recomputation from every stored event would, while reading only new events.</summary>
public class OutageLedgerTests
{
    private const long T0 = 1_780_000_000_000;

    private static IngestMessage Change(long seq, string link, string state) => new("shop", "ctl", "events", seq, T0 + seq * 1000, "link_state",
        $"{{\"seq\":{seq},\"ts\":{T0 + seq * 1000},\"kind\":\"link_state\",\"link\":\"{link}\",\"state\":\"{state}\",\"cause\":\"c{seq}\"}}", T0 + seq * 1000);

    private static IngestMessage Other(long seq) => new("shop", "ctl", "events", seq, T0 + seq * 1000, "modem_state", $"{{\"seq\":{seq},\"ts\":{T0 + seq * 1000},\"kind\":\"modem_state\"}}", T0 + seq * 1000);

    private static SqliteFleetStore NewStore() => new(Path.Combine(Directory.CreateTempSubdirectory("nfbond-ledger").FullName, "fleet.db"));

    private static List<Outage> Recomputed(IFleetStore store) => OutageCalculator.Compute(store.Events("ctl", 0, int.MaxValue));

    [Fact]
    public void Random_histories_written_in_pieces_give_the_full_recomputation_after_every_piece()
    {
        string[] links = ["fiber", "lte", "dsl"];
        for (int run = 0; run < 20; run++)
        {
            Random random = new(run);
            using SqliteFleetStore store = NewStore();
            OutageLedger ledger = new(store);
            long seq = 0;
            for (int piece = 0; piece < 15; piece++)
            {
                List<IngestMessage> batch = [];
                for (int n = random.Next(0, 6); n > 0; n--)
                {
                    // The third link only shows up late in some runs: it must count from the start, as in a recomputation.
                    string link = links[random.Next(piece > 8 || run % 2 == 0 ? 3 : 2)];
                    batch.Add(random.Next(4) == 0 ? Other(++seq) : Change(++seq, link, random.Next(2) == 0 ? "down" : "up"));
                }

                store.WriteBatch(batch);
                Assert.Equal(Recomputed(store), ledger.Of("ctl"));
            }
        }
    }

    [Fact]
    public void An_event_stored_after_a_higher_numbered_one_is_not_missed()
    {
        using SqliteFleetStore store = NewStore();
        OutageLedger ledger = new(store);
        store.WriteBatch([Change(1, "fiber", "down"), Change(3, "lte", "up")]);
        Assert.Equal([new Outage("fiber", T0 + 1000, -1, "c1")], ledger.Of("ctl"));

        // Another instance commits seq 2 late: the lte was down from 2 s to 3 s, and with the fiber the site too.
        store.WriteBatch([Change(2, "lte", "down")]);
        List<Outage> outages = ledger.Of("ctl");

        Assert.Equal(Recomputed(store), outages);
        Assert.Contains(new Outage("*", T0 + 2000, T0 + 3000, "all links down; last: lte: c2"), outages);
        Assert.Contains(new Outage("lte", T0 + 2000, T0 + 3000, "c2"), outages);
    }

    [Fact]
    public void Answers_are_copies_and_an_unknown_controller_has_no_outages()
    {
        using SqliteFleetStore store = NewStore();
        OutageLedger ledger = new(store);
        Assert.Empty(ledger.Of("nobody"));
        store.WriteBatch([Change(1, "fiber", "down"), Change(2, "lte", "up")]);
        List<Outage> first = ledger.Of("ctl");
        first.Clear();
        Assert.Equal([new Outage("fiber", T0 + 1000, -1, "c1")], ledger.Of("ctl"));
    }
}
