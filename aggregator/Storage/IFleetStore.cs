using System.Text.Json;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Storage;

/// <summary>Where the fleet's data lives: SQLite by default, PostgreSQL at scale.</summary>
public interface IFleetStore : IAccountStore, IAlertStore, IDrillStore, IPlanStore, IDisposable
{
    /// <summary>Writes a batch in one transaction; events already stored (same device and sequence) are skipped.</summary>
    /// <param name="batch">Validated messages.</param>
    /// <returns>How many events were duplicates.</returns>
    int WriteBatch(IReadOnlyList<IngestMessage> batch);

    /// <summary>Adds a controller.</summary>
    /// <param name="device">The record.</param>
    void AddDevice(DeviceRecord device);

    /// <summary>Finds a controller.</summary>
    /// <param name="device">Its ID.</param>
    /// <returns>The record, or null.</returns>
    DeviceRecord? FindDevice(string device);

    /// <summary>Lists sites with their controller counts.</summary>
    /// <returns>One row per site.</returns>
    IReadOnlyList<SiteListing> Sites();

    /// <summary>Lists controllers with their latest status.</summary>
    /// <param name="site">Only this site, or null for all.</param>
    /// <returns>One row per controller.</returns>
    IReadOnlyList<ControllerListing> Controllers(string? site);

    /// <summary>Lists a controller's events in sequence order.</summary>
    /// <param name="device">The controller.</param>
    /// <param name="afterSeq">Only events after this sequence number.</param>
    /// <param name="limit">At most this many.</param>
    /// <returns>The events as stored.</returns>
    IReadOnlyList<JsonElement> Events(string device, long afterSeq, int limit);

    /// <summary>Gets a controller's newest events, in sequence order.</summary>
    /// <param name="device">The controller.</param>
    /// <param name="count">At most this many.</param>
    /// <returns>The events as stored.</returns>
    IReadOnlyList<JsonElement> RecentEvents(string device, int count);

    /// <summary>Gets a controller's events of one kind with a sequence number in (<paramref name="afterSeq"/>, <paramref name="uptoSeq"/>], in order.</summary>
    /// <param name="device">The controller.</param>
    /// <param name="kind">The event kind (e.g. <c>link_state</c>).</param>
    /// <param name="afterSeq">Only events after this sequence number.</param>
    /// <param name="uptoSeq">Only events up to this sequence number.</param>
    /// <returns>The events as stored.</returns>
    IReadOnlyList<JsonElement> EventsOfKind(string device, string kind, long afterSeq, long uptoSeq);

    /// <summary>Counts a controller's stored events on either side of a sequence number (read from the key alone).</summary>
    /// <param name="device">The controller.</param>
    /// <param name="seq">The sequence number.</param>
    /// <returns>How many have a number up to <paramref name="seq"/>, how many after it, and the highest (0 when none).</returns>
    EventTally TallyEvents(string device, long seq);

    /// <summary>Gets the latest message of a kind (birth, status, state) from a controller.</summary>
    /// <param name="device">The controller.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The message, or null.</returns>
    JsonElement? Latest(string device, string kind);

    /// <summary>Lists a site's controllers.</summary>
    /// <param name="site">The site.</param>
    /// <returns>Their records.</returns>
    IReadOnlyList<DeviceRecord> DevicesOf(string site);

    /// <summary>Stores a new configuration version for a site (the next number).</summary>
    /// <param name="site">The site.</param>
    /// <param name="body">The site file.</param>
    /// <param name="hash">Its hash.</param>
    /// <param name="note">Who or why.</param>
    /// <param name="created">Now, ms since 1970 UTC.</param>
    /// <returns>The stored version.</returns>
    ConfigVersion AddConfig(string site, string body, string hash, string note, long created);

    /// <summary>Gets one configuration version of a site.</summary>
    /// <param name="site">The site.</param>
    /// <param name="version">The version, or 0 for the latest.</param>
    /// <returns>The version, or null.</returns>
    ConfigVersion? Config(string site, int version);

    /// <summary>Lists a site's configuration versions, newest first.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The versions.</returns>
    IReadOnlyList<ConfigVersion> ConfigVersions(string site);

    /// <summary>Gets what the cockpit shows of every controller (of one site), in one query.</summary>
    /// <param name="site">Only this site, or null for all.</param>
    /// <returns>One snapshot per controller, by site and device.</returns>
    IReadOnlyList<ControllerSnapshot> Snapshots(string? site);

    /// <summary>Gets a link's history from its state samples, downsampled by the database into buckets.</summary>
    /// <param name="device">The controller.</param>
    /// <param name="link">The link.</param>
    /// <param name="from">Start, ms since 1970 UTC.</param>
    /// <param name="to">End (exclusive).</param>
    /// <param name="bucketMs">The bucket width.</param>
    /// <returns>One point per bucket that has samples, oldest first.</returns>
    IReadOnlyList<LinkSample> LinkSeries(string device, string link, long from, long to, long bucketMs);

    /// <summary>Lists the sites whose messages were stored after a moment (by any instance).</summary>
    /// <param name="since">Receive time, ms since 1970 UTC.</param>
    /// <returns>Each site with the receive time of its newest message.</returns>
    IReadOnlyList<KeyValuePair<string, long>> ChangedSites(long since);

    /// <summary>Counts stored events.</summary>
    /// <returns>The count.</returns>
    long EventCount();
}
