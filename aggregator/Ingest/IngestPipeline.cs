using System.Threading.Channels;
using NfBond.Aggregator.Storage;
using Prometheus;

namespace NfBond.Aggregator.Ingest;

/// <summary>
/// Validated messages go into a bounded channel; one writer drains it in batches (whatever waits, up to
/// 1000 messages) and writes each batch in one transaction. A full channel makes the
/// broker wait (back-pressure), it never drops.
/// </summary>
public sealed class IngestPipeline : IAsyncDisposable
{
    private static readonly Counter s_accepted = Metrics.CreateCounter("nfbond_ingest_messages_total", "Messages stored, by kind.", "kind");
    private static readonly Counter s_rejected = Metrics.CreateCounter("nfbond_ingest_rejected_total", "Messages not stored, by reason.", "reason");
    private static readonly Histogram s_lag = Metrics.CreateHistogram("nfbond_ingest_lag_seconds", "From the message's ts to its commit.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 4, 8) });
    private static readonly Counter.Child[] s_acceptedByKind = [s_accepted.WithLabels("birth"), s_accepted.WithLabels("status"), s_accepted.WithLabels("state"), s_accepted.WithLabels("events")];
    private static readonly Histogram s_batch = Metrics.CreateHistogram("nfbond_ingest_batch_size", "Messages per write transaction.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 4, 7) });

    private readonly Channel<(IngestMessage Message, TaskCompletionSource? Committed)> _channel = Channel.CreateBounded<(IngestMessage Message, TaskCompletionSource? Committed)>(new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IFleetStore _store;
    private readonly Task _writer;
    private readonly long[] _rejected = new long[Enum.GetValues<RejectReason>().Length];

    /// <summary>Starts the writer.</summary>
    /// <param name="store">Where batches go.</param>
    public IngestPipeline(IFleetStore store)
    {
        _store = store;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Gets or sets what is told about each committed message (writer thread; benchmarks measure lag with it).</summary>
    public Action<IngestMessage, long>? Committed { get; set; }

    /// <summary>Gets how many messages were stored.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    private long _stored;

    /// <summary>Gets how many messages were rejected for a reason.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long Rejected(RejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>
    /// Queues a message and completes only once its batch is committed: the broker acknowledges a device's
    /// publish after that, so a crash can lose nothing the device was told is safe.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>Completes when the message is in the database.</returns>
    public async Task StoreAsync(IngestMessage message)
    {
        TaskCompletionSource committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync((message, committed));
        await committed.Task;
    }

    /// <summary>Counts a rejection.</summary>
    /// <param name="reason">Why.</param>
    public void Reject(RejectReason reason)
    {
        Interlocked.Increment(ref _rejected[(int)reason]);
        s_rejected.WithLabels(reason.ToString()).Inc();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        List<IngestMessage> batch = new(1000);
        List<TaskCompletionSource> waiting = [];
        ChannelReader<(IngestMessage Message, TaskCompletionSource? Committed)> reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            // Group commit: take whatever waits (up to 1000) and write it; what arrives meanwhile forms the
            // next batch. No timer: a waiting device's acknowledgement is never delayed on purpose, and under
            // load batches grow by themselves.
            while (batch.Count < 1000 && reader.TryRead(out (IngestMessage Message, TaskCompletionSource? Committed) item))
            {
                batch.Add(item.Message);
                if (item.Committed != null)
                {
                    waiting.Add(item.Committed);
                }
            }

            int duplicates;
            try
            {
                duplicates = _store.WriteBatch(batch);
            }
            catch (Exception ex)
            {
                // Nothing was committed: the publishers' acknowledgements fail, so the devices keep their events.
                foreach (TaskCompletionSource committed in waiting)
                {
                    committed.SetException(ex);
                }

                waiting.Clear();
                batch.Clear();
                continue;
            }

            for (int i = 0; i < duplicates; i++)
            {
                Reject(RejectReason.Duplicate);
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Action<IngestMessage, long>? committedHook = Committed;
            foreach (IngestMessage m in batch)
            {
                // The validator lets only these four kinds through; children are looked up once, not per message.
                s_acceptedByKind[m.Kind switch { "birth" => 0, "status" => 1, "state" => 2, _ => 3 }].Inc();
                s_lag.Observe((now - m.Timestamp) / 1000.0);
                committedHook?.Invoke(m, now);
            }

            s_batch.Observe(batch.Count);
            Interlocked.Add(ref _stored, batch.Count - duplicates);
            batch.Clear();
            foreach (TaskCompletionSource committed in waiting)
            {
                committed.SetResult();
            }

            waiting.Clear();
        }
    }
}
