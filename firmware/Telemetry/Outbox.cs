using System;
using System.Text;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Telemetry;

/// <summary>
/// Events waiting for the broker, in sequence order, bounded in count and bytes in RAM. When RAM is full
/// and the board has storage, the waiting events move to a spool segment on flash (oldest first, so order
/// holds) and are sent from there before anything newer; spooled events survive a restart. When there
/// is no room left (no storage, a refused write, or every spool segment in use) the oldest events go and
/// the loss becomes a message of its own: an <c>events_dropped</c> report takes the place of the dropped
/// run (carrying the last dropped sequence number) and says which sequence numbers were lost. State
/// snapshots never wait here: only the latest one matters, and the agent keeps it aside.
/// </summary>
/// <remarks>
/// Sequence numbers are consecutive (the agent numbers every event), so a slot's number is the head's
/// plus its distance and only payloads are held. Storage: <c>outbox.idx</c> lists the live segments
/// (<c>number firstSeq lastSeq</c> per line); segment <c>outbox-K.jsonl</c> (K = number mod the segment
/// count) holds one event per line; a delivered segment is overwritten empty.
/// </remarks>
public sealed class Outbox
{
    /// <summary>The name of the spool index in storage.</summary>
    public const string IndexName = "outbox.idx";

    private const string IndexHeader = "nfbond-spool/1";

    private readonly byte[][] _payloads;
    private readonly int _maxBytes;
    private readonly IStorage? _storage;
    private readonly int _maxSegments;
    private readonly JsonWriter _report = new JsonWriter(160);
    private readonly long[] _segmentFirst;
    private readonly long[] _segmentLast;
    private long _headSeq;
    private int _head;
    private int _count;
    private int _bytes;
    private long _segmentHead;
    private int _segments;
    private byte[][]? _loaded;
    private int _loadedNext;
    private long _droppedFirst = -1;
    private long _droppedLast = -1;
    private long _droppedCount;

    /// <summary>Creates an outbox held in RAM only.</summary>
    /// <param name="maxEvents">Most events held.</param>
    /// <param name="maxBytes">Most payload bytes held.</param>
    public Outbox(int maxEvents, int maxBytes)
        : this(maxEvents, maxBytes, null, 0)
    {
    }

    /// <summary>Creates an outbox that spills to <paramref name="storage"/> and picks up what a previous run left there.</summary>
    /// <param name="maxEvents">Most events held in RAM.</param>
    /// <param name="maxBytes">Most payload bytes held in RAM (and per spool segment).</param>
    /// <param name="storage">Where full RAM spills to, or null.</param>
    /// <param name="maxSegments">Most spool segments (each up to <paramref name="maxBytes"/>); 0 spills nothing.</param>
    public Outbox(int maxEvents, int maxBytes, IStorage? storage, int maxSegments)
    {
        _payloads = new byte[maxEvents < 1 ? 1 : maxEvents][];
        _maxBytes = maxBytes;
        _storage = maxSegments > 0 ? storage : null;
        _maxSegments = _storage == null ? 0 : maxSegments;
        _segmentFirst = new long[_maxSegments];
        _segmentLast = new long[_maxSegments];
        LastSpoolError = "";
        if (_storage != null)
        {
            LoadIndex();
        }
    }

    /// <summary>Gets how many events wait, in RAM and spooled (a pending drop report counts as one).</summary>
    public int Count => _count + SpooledEvents + (_droppedCount > 0 ? 1 : 0);

    /// <summary>Gets the payload bytes held in RAM.</summary>
    public int Bytes => _bytes;

    /// <summary>Gets how many events wait in spool segments.</summary>
    public int SpooledEvents
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _segments; i++)
            {
                int slot = Slot(_segmentHead + i);
                total += _segmentLast[slot] - _segmentFirst[slot] + 1;
            }

            return (int)(total - (_loaded != null ? _loadedNext : 0));
        }
    }

    /// <summary>Gets the highest sequence number held anywhere, or 0 when nothing waits.</summary>
    public long LastSeq => _count > 0 ? _headSeq + _count - 1 : _segments > 0 ? _segmentLast[Slot(_segmentHead + _segments - 1)] : 0;

    /// <summary>Gets how many events were ever dropped for lack of room.</summary>
    public long TotalDropped { get; private set; }

    /// <summary>Gets the last storage failure (what, where), or "" when there was none.</summary>
    public string LastSpoolError { get; private set; }

    /// <summary>Adds an event.</summary>
    /// <param name="seq">Its sequence number: one more than the last added.</param>
    /// <param name="payload">Its serialized form on one line (kept, not copied).</param>
    /// <exception cref="ArgumentException"><paramref name="seq"/> does not follow the last event.</exception>
    public void Add(long seq, byte[] payload)
    {
        if (_count > 0 && seq != _headSeq + _count)
        {
            throw new ArgumentException("outbox sequence " + seq.ToString() + " does not follow " + (_headSeq + _count - 1).ToString());
        }

        if (_count > 0 && (_count == _payloads.Length || _bytes + payload.Length > _maxBytes))
        {
            if (!Spill())
            {
                while (_count > 0 && (_count == _payloads.Length || _bytes + payload.Length > _maxBytes))
                {
                    DropOldest();
                }
            }
        }

        if (_count == 0)
        {
            _headSeq = seq;
        }

        _payloads[(_head + _count) % _payloads.Length] = payload;
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

        if (_segments > 0 && !LoadHead())
        {
            // The head segment was unreadable and is now reported as dropped.
            return TryPeek(out seq, out payload, out length);
        }

        if (_loaded != null)
        {
            seq = _segmentFirst[Slot(_segmentHead)] + _loadedNext;
            payload = _loaded![_loadedNext];
            length = payload.Length;
            return true;
        }

        if (_count == 0)
        {
            seq = 0;
            payload = new byte[0];
            length = 0;
            return false;
        }

        seq = _headSeq;
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

        if (_loaded != null)
        {
            if (seq == _segmentFirst[Slot(_segmentHead)] + _loadedNext)
            {
                _loadedNext++;
                if (_loadedNext == _loaded.Length)
                {
                    ReleaseHeadSegment();
                }
            }

            return;
        }

        if (_count > 0 && _headSeq == seq)
        {
            _bytes -= _payloads[_head].Length;
            _payloads[_head] = null!;
            _head = (_head + 1) % _payloads.Length;
            _headSeq++;
            _count--;
        }
    }

    /// <summary>Moves the events held in RAM to the spool, so a planned restart loses none; false when there is no storage or it failed.</summary>
    /// <returns>True when RAM is empty afterwards.</returns>
    public bool Persist()
    {
        return _count == 0 || Spill();
    }

    private int Slot(long segment) => (int)(segment % _maxSegments);

    private static string SegmentName(int slot) => "outbox-" + slot.ToString() + ".jsonl";

    // Moves every RAM event into a new spool segment; false when there is no storage or it failed.
    private bool Spill()
    {
        if (_storage == null)
        {
            return false;
        }

        if (_segments == _maxSegments)
        {
            DropHeadSegment();
        }

        long number = _segmentHead + _segments;
        int slot = Slot(number);
        StringBuilder text = new StringBuilder(_bytes + _count + 32);
        for (int i = 0; i < _count; i++)
        {
            byte[] payload = _payloads[(_head + i) % _payloads.Length];
            text.Append(Utf8.GetString(payload, 0, payload.Length));
            text.Append('\n');
        }

        string? failed = _storage.Write(SegmentName(slot), text.ToString());
        if (failed != null)
        {
            LastSpoolError = "spilling events " + _headSeq.ToString() + "-" + (_headSeq + _count - 1).ToString() + " to flash failed: " + failed;
            return false;
        }

        _segmentFirst[slot] = _headSeq;
        _segmentLast[slot] = _headSeq + _count - 1;
        _segments++;
        if (!SaveIndex())
        {
            _segments--;
            return false;
        }

        for (int i = 0; i < _count; i++)
        {
            _payloads[(_head + i) % _payloads.Length] = null!;
        }

        _headSeq += _count;
        _head = 0;
        _count = 0;
        _bytes = 0;
        return true;
    }

    private bool LoadHead()
    {
        if (_loaded != null)
        {
            return true;
        }

        int slot = Slot(_segmentHead);
        string? text = _storage!.Read(SegmentName(slot));
        int expected = (int)(_segmentLast[slot] - _segmentFirst[slot] + 1);
        string[] lines = text == null ? new string[0] : StringUtil.Split(text, '\n');

        // A segment ends with a newline, so its last field is empty.
        if (lines.Length != expected + 1)
        {
            LastSpoolError = SegmentName(slot) + " holds " + (lines.Length > 0 ? lines.Length - 1 : 0).ToString() + " events where the index lists " + expected.ToString() + " (" + _segmentFirst[slot].ToString() + "-" + _segmentLast[slot].ToString() + "); reported as dropped";
            DropHeadSegment();
            return false;
        }

        byte[][] loaded = new byte[expected][];
        for (int i = 0; i < expected; i++)
        {
            loaded[i] = Utf8.GetBytes(lines[i]);
        }

        _loaded = loaded;
        _loadedNext = 0;
        return true;
    }

    private void ReleaseHeadSegment()
    {
        int slot = Slot(_segmentHead);
        _loaded = null;
        _loadedNext = 0;
        _segmentHead++;
        _segments--;
        SaveIndex();

        // Emptied rather than deleted: the storage contract has no delete, and an empty file costs a block.
        string? failed = _storage!.Write(SegmentName(slot), "");
        if (failed != null)
        {
            LastSpoolError = "emptying " + SegmentName(slot) + " failed: " + failed;
        }
    }

    private void DropHeadSegment()
    {
        int slot = Slot(_segmentHead);
        long first = _segmentFirst[slot] + (_loaded != null ? _loadedNext : 0);
        Dropped(first, _segmentLast[slot]);
        ReleaseHeadSegment();
    }

    private void DropOldest()
    {
        long seq = _headSeq;
        _bytes -= _payloads[_head].Length;
        _payloads[_head] = null!;
        _head = (_head + 1) % _payloads.Length;
        _headSeq++;
        _count--;
        Dropped(seq, seq);
    }

    private void Dropped(long first, long last)
    {
        if (_droppedCount == 0)
        {
            _droppedFirst = first;
        }

        _droppedLast = last;
        _droppedCount += last - first + 1;
        TotalDropped += last - first + 1;
    }

    private bool SaveIndex()
    {
        StringBuilder text = new StringBuilder(32 + (_segments * 24));
        text.Append(IndexHeader).Append('\n');
        for (int i = 0; i < _segments; i++)
        {
            long number = _segmentHead + i;
            int slot = Slot(number);
            text.Append(number.ToString()).Append(' ').Append(_segmentFirst[slot].ToString()).Append(' ').Append(_segmentLast[slot].ToString()).Append('\n');
        }

        string? failed = _storage!.Write(IndexName, text.ToString());
        if (failed != null)
        {
            LastSpoolError = "writing " + IndexName + " failed: " + failed;
            return false;
        }

        return true;
    }

    private void LoadIndex()
    {
        string? text = _storage!.Read(IndexName);
        if (text == null)
        {
            return;
        }

        string[] lines = StringUtil.Split(text, '\n');
        if (lines[0] != IndexHeader)
        {
            LastSpoolError = IndexName + ": first line is \"" + lines[0] + "\", expected \"" + IndexHeader + "\"; the spool was not read";
            return;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            string[] fields = StringUtil.Split(lines[i], ' ');
            long number;
            long first;
            long last;
            if (fields.Length != 3 || !ParseLong(fields[0], out number) || !ParseLong(fields[1], out first) || !ParseLong(fields[2], out last) || number < 0 || first < 1 || last < first
                || (_segments > 0 && (number != _segmentHead + _segments || first != _segmentLast[Slot(number - 1)] + 1)) || _segments == _maxSegments)
            {
                LastSpoolError = IndexName + " line " + (i + 1).ToString() + ": \"" + lines[i] + "\" is not \"number firstSeq lastSeq\" following the line before; the spool from there on was not read";
                return;
            }

            if (_segments == 0)
            {
                _segmentHead = number;
            }

            _segmentFirst[Slot(number)] = first;
            _segmentLast[Slot(number)] = last;
            _segments++;
        }
    }

    private static bool ParseLong(string text, out long value) => NumberParser.TryParseInt64(text.ToCharArray(), 0, text.Length, out value);

    private void WriteReport()
    {
        _report.Reset();
        _report.BeginObject();
        _report.Member("seq", _droppedLast);
        _report.Member("kind", "events_dropped");
        _report.Member("first_seq", _droppedFirst);
        _report.Member("last_seq", _droppedLast);
        _report.Member("count", _droppedCount);
        _report.Member("reason", _storage == null ? "outbox full while the broker was unreachable" : "outbox and flash spool full while the broker was unreachable");
        _report.EndObject();
    }
}
