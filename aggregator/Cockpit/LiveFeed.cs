using System.Threading.Channels;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Cockpit;

/// <summary>
/// Tells open pages which sites have news. It reads the database's change feed (one row per site, written
/// in the same transaction as the messages) twice a second while a page listens, so a page learns of a
/// message whichever aggregator instance stored it.
/// </summary>
public sealed class LiveFeed : IAsyncDisposable
{
    /// <summary>How often the change feed is read, in milliseconds.</summary>
    public const int PollMs = 500;

    // Instances commit concurrently: a commit may carry a receive time slightly older than one already
    // seen, so the feed is re-read with this overlap and each site's last told time filters repeats.
    private const long OverlapMs = 5000;

    private readonly IFleetStore _store;
    private readonly TextWriter _log;
    private readonly object _lock = new();
    private readonly List<Channel<string[]>> _listeners = [];
    private readonly Dictionary<string, long> _told = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;
    private long _since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Starts reading the change feed.</summary>
    /// <param name="store">The fleet store.</param>
    /// <param name="log">Where a failing read is reported.</param>
    public LiveFeed(IFleetStore store, TextWriter log)
    {
        _store = store;
        _log = log;
        _poller = Task.Run(PollAsync);
    }

    /// <summary>Listens for changed sites until the token is cancelled.</summary>
    /// <param name="cancel">Ends the subscription (the page went away).</param>
    /// <returns>Each batch of changed sites.</returns>
    public async IAsyncEnumerable<string[]> Listen([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        Channel<string[]> channel = Channel.CreateBounded<string[]>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            _listeners.Add(channel);
        }

        try
        {
            await foreach (string[] sites in channel.Reader.ReadAllAsync(cancel))
            {
                yield return sites;
            }
        }
        finally
        {
            lock (_lock)
            {
                _listeners.Remove(channel);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _poller.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(PollMs));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            lock (_lock)
            {
                if (_listeners.Count == 0)
                {
                    continue;
                }
            }

            try
            {
                Tell(_store.ChangedSites(_since - OverlapMs));
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                _log.WriteLine($"cockpit: reading the change feed failed ({ex.Message}); live pages catch up on the next read");
            }
        }
    }

    private void Tell(IReadOnlyList<KeyValuePair<string, long>> changes)
    {
        List<string> fresh = [];
        foreach ((string site, long received) in changes)
        {
            _since = Math.Max(_since, received);
            if (_told.GetValueOrDefault(site) < received)
            {
                _told[site] = received;
                fresh.Add(site);
            }
        }

        if (fresh.Count == 0)
        {
            return;
        }

        string[] sites = [.. fresh];
        lock (_lock)
        {
            foreach (Channel<string[]> listener in _listeners)
            {
                listener.Writer.TryWrite(sites);
            }
        }
    }
}
