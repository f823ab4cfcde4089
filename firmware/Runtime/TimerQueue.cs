namespace NfBond.Firmware.Runtime;

/// <summary>
/// An array-backed binary min-heap of armed timers ordered by due time, then by arming order.
/// Each timer knows its heap slot, so stopping or moving it is O(log n) and allocates nothing.
/// </summary>
internal sealed class TimerQueue
{
    private LoopTimer[] _heap;
    private int _count;

    public TimerQueue(int initialCapacity)
    {
        _heap = new LoopTimer[initialCapacity < 4 ? 4 : initialCapacity];
    }

    public int Count => _count;

    public LoopTimer? Peek()
    {
        return _count == 0 ? null : _heap[0];
    }

    public void Add(LoopTimer timer)
    {
        if (_count == _heap.Length)
        {
            LoopTimer[] larger = new LoopTimer[_heap.Length * 2];
            System.Array.Copy(_heap, larger, _count);
            _heap = larger;
        }

        _heap[_count] = timer;
        timer.HeapIndex = _count;
        _count++;
        SiftUp(timer.HeapIndex);
    }

    public void Remove(LoopTimer timer)
    {
        int index = timer.HeapIndex;
        int last = _count - 1;
        timer.HeapIndex = -1;
        if (index != last)
        {
            LoopTimer moved = _heap[last];
            _heap[index] = moved;
            moved.HeapIndex = index;
            _heap[last] = null!;
            _count = last;
            SiftDown(index);
            SiftUp(moved.HeapIndex);
        }
        else
        {
            _heap[last] = null!;
            _count = last;
        }
    }

    private static bool Before(LoopTimer a, LoopTimer b)
    {
        return a.DueMs < b.DueMs || (a.DueMs == b.DueMs && a.Sequence < b.Sequence);
    }

    private void SiftUp(int index)
    {
        LoopTimer item = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            LoopTimer p = _heap[parent];
            if (!Before(item, p))
            {
                break;
            }

            _heap[index] = p;
            p.HeapIndex = index;
            index = parent;
        }

        _heap[index] = item;
        item.HeapIndex = index;
    }

    private void SiftDown(int index)
    {
        LoopTimer item = _heap[index];
        while (true)
        {
            int child = (index << 1) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            LoopTimer c = _heap[child];
            if (!Before(c, item))
            {
                break;
            }

            _heap[index] = c;
            c.HeapIndex = index;
            index = child;
        }

        _heap[index] = item;
        item.HeapIndex = index;
    }
}
