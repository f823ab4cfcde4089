using System;

namespace NfBond.Firmware.Runtime;

/// <summary>
/// A bounded ring of recent diagnostic records. When full, the oldest record is overwritten and
/// counted in <see cref="Overwritten"/>, so memory stays fixed on a device that runs for months.
/// </summary>
/// <remarks>Safe to write from any thread. Adding a record allocates nothing.</remarks>
public sealed class EventLog
{
    private readonly IClock _clock;
    private readonly object _lock = new object();
    private readonly EventLogEntry[] _ring;
    private int _start;
    private int _count;
    private long _total;

    /// <summary>Creates a log holding at most <paramref name="capacity"/> records.</summary>
    /// <param name="clock">Stamps each record.</param>
    /// <param name="capacity">The number of records kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public EventLog(IClock clock, int capacity)
    {
        if (clock == null)
        {
            throw new ArgumentNullException(nameof(clock));
        }

        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be at least 1");
        }

        _clock = clock;
        _ring = new EventLogEntry[capacity];
    }

    /// <summary>Gets or sets who is told about each new record (called on the writing thread).</summary>
    public EventLogged? Logged { get; set; }

    /// <summary>Gets how many records the log keeps.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Gets how many records are held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Gets how many records were written since start-up.</summary>
    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Gets how many records were overwritten because the ring was full.</summary>
    public long Overwritten
    {
        get
        {
            lock (_lock)
            {
                return _total - _count;
            }
        }
    }

    /// <summary>Adds a record stamped with the current clock time.</summary>
    /// <param name="source">The module writing the record.</param>
    /// <param name="message">What happened.</param>
    public void Add(string source, string message)
    {
        EventLogEntry entry;
        lock (_lock)
        {
            _total++;
            entry = new EventLogEntry(_total, _clock.NowMs, source, message);
            if (_count < _ring.Length)
            {
                _ring[(_start + _count) % _ring.Length] = entry;
                _count++;
            }
            else
            {
                _ring[_start] = entry;
                _start = (_start + 1) % _ring.Length;
            }
        }

        EventLogged? logged = Logged;
        if (logged != null)
        {
            logged(entry);
        }
    }

    /// <summary>Gets a held record, 0 being the oldest.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the held records.</exception>
    public EventLogEntry Get(int index)
    {
        lock (_lock)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "no record at that index");
            }

            return _ring[(_start + index) % _ring.Length];
        }
    }
}
