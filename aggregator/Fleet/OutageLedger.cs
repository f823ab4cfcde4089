using System.Collections.Concurrent;
using System.Text.Json;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Fleet;

/// <summary>
/// Each controller's outages, kept up to date instead of recomputed from every stored event on each
/// request: a call reads only the <c>link_state</c> events stored since the last one and folds them into
/// the controller's link changes.
/// </summary>
/// <remarks>
/// An event can be stored after one with a higher number (two instances commit in either order, a
/// controller's outbox replays after a reconnect). The key-only count of events up to the last number
/// read tells: when it grew, the controller's changes are read again from the start.
/// </remarks>
public sealed class OutageLedger
{
    private readonly IFleetStore _store;
    private readonly ConcurrentDictionary<string, Entry> _devices = new(StringComparer.Ordinal);

    /// <summary>Creates a ledger over a store.</summary>
    /// <param name="store">Where the events are.</param>
    public OutageLedger(IFleetStore store)
    {
        _store = store;
    }

    /// <summary>Gets a controller's outages as <see cref="OutageCalculator.Compute(IEnumerable{JsonElement})"/> computes them from all its events.</summary>
    /// <param name="device">The controller.</param>
    /// <returns>Its link and site outages, in start order (a new list).</returns>
    public List<Outage> Of(string device)
    {
        Entry entry = _devices.GetOrAdd(device, _ => new Entry());
        lock (entry)
        {
            EventTally tally = _store.TallyEvents(device, entry.LastSeq);
            if (tally.UpTo != entry.Read)
            {
                entry.Reset();
                tally = _store.TallyEvents(device, 0);
            }

            if (tally.After > 0)
            {
                IReadOnlyList<JsonElement> events = _store.EventsOfKind(device, "link_state", entry.LastSeq, tally.MaxSeq);
                int before = entry.Changes.Count;
                OutageCalculator.AddChanges(events, entry.Changes);
                entry.Read += tally.After;
                entry.LastSeq = tally.MaxSeq;
                if (entry.Changes.Count > before || entry.Outages == null)
                {
                    entry.Outages = OutageCalculator.Compute(entry.Changes);
                }
            }

            return [.. entry.Outages ?? []];
        }
    }

    private sealed class Entry
    {
        public long LastSeq { get; set; }

        public long Read { get; set; }

        public List<(long Ts, string Link, string State, string Cause)> Changes { get; } = [];

        public List<Outage>? Outages { get; set; }

        public void Reset()
        {
            LastSeq = 0;
            Read = 0;
            Changes.Clear();
            Outages = null;
        }
    }
}
