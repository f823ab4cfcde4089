namespace NfBond.Firmware.Telemetry;

/// <summary>
/// Events waiting for the broker, in sequence order, bounded in count and bytes. When full, the oldest
/// events go first and the loss becomes a message of its own: an <c>events_dropped</c> report takes the
/// place of the dropped run (carrying the last dropped sequence number, so order holds) and says which
/// sequence numbers were lost. State snapshots never wait here: only the latest one matters, and the
/// agent keeps it aside.
/// </summary>
public sealed class Outbox
{
    private readonly byte[][] _payloads;
    private readonly long[] _seqs;
    private readonly int _maxBytes;
    private readonly JsonWriter _report = new JsonWriter(160);
    private int _head;
    private int _count;
    private int _bytes;
    private long _droppedFirst = -1;
    private long _droppedLast = -1;
    private long _droppedCount;

    /// <summary>Creates an outbox.</summary>
    /// <param name="maxEvents">Most events held.</param>
    /// <param name="maxBytes">Most payload bytes held.</param>
    public Outbox(int maxEvents, int maxBytes)
    {
        _payloads = new byte[maxEvents][];
        _seqs = new long[maxEvents];
        _maxBytes = maxBytes;
    }

    /// <summary>Gets how many events wait (a pending drop report counts as one).</summary>
    public int Count => _count + (_droppedCount > 0 ? 1 : 0);

    /// <summary>Gets the payload bytes held.</summary>
    public int Bytes => _bytes;

    /// <summary>Gets how many events were ever dropped for lack of room.</summary>
    public long TotalDropped { get; private set; }

    /// <summary>Adds an event.</summary>
    /// <param name="seq">Its sequence number, higher than any before.</param>
    /// <param name="payload">Its serialized form (kept, not copied).</param>
    public void Add(long seq, byte[] payload)
    {
        while (_count > 0 && (_count == _payloads.Length || _bytes + payload.Length > _maxBytes))
        {
            DropOldest();
        }

        int slot = (_head + _count) % _payloads.Length;
        _payloads[slot] = payload;
        _seqs[slot] = seq;
        _bytes += payload.Length;
        _count++;
    }

    /// <summary>Gets the next message to send without removing it.</summary>
    /// <param name="seq">Its sequence number.</param>
    /// <param name="payload">Its bytes.</param>
    /// <param name="length">How many.</param>
    /// <returns>False when nothing waits.</returns>
    public bool TryPeek(out long seq, out byte[] payload, out int length)
    {
        if (_droppedCount > 0)
        {
            WriteReport();
            seq = _droppedLast;
            payload = _report.Buffer;
            length = _report.Length;
            return true;
        }

        if (_count == 0)
        {
            seq = 0;
            payload = new byte[0];
            length = 0;
            return false;
        }

        seq = _seqs[_head];
        payload = _payloads[_head];
        length = payload.Length;
        return true;
    }

    /// <summary>Removes the message last peeked, once the broker acknowledged it.</summary>
    /// <param name="seq">Its sequence number (a mismatch is ignored: it was dropped meanwhile).</param>
    public void Remove(long seq)
    {
        if (_droppedCount > 0)
        {
            if (seq == _droppedLast)
            {
                _droppedCount = 0;
                _droppedFirst = -1;
                _droppedLast = -1;
            }

            return;
        }

        if (_count > 0 && _seqs[_head] == seq)
        {
            _bytes -= _payloads[_head].Length;
            _payloads[_head] = null!;
            _head = (_head + 1) % _payloads.Length;
            _count--;
        }
    }

    private void DropOldest()
    {
        long seq = _seqs[_head];
        _bytes -= _payloads[_head].Length;
        _payloads[_head] = null!;
        _head = (_head + 1) % _payloads.Length;
        _count--;
        if (_droppedCount == 0)
        {
            _droppedFirst = seq;
        }

        _droppedLast = seq;
        _droppedCount++;
        TotalDropped++;
    }

    private void WriteReport()
    {
        _report.Reset();
        _report.BeginObject();
        _report.Member("seq", _droppedLast);
        _report.Member("kind", "events_dropped");
        _report.Member("first_seq", _droppedFirst);
        _report.Member("last_seq", _droppedLast);
        _report.Member("count", _droppedCount);
        _report.Member("reason", "outbox full while the broker was unreachable");
        _report.EndObject();
    }
}
