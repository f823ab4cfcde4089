using System.Text;
using NfBond.Hal;

namespace NfBond.Benchmarks;

/// <summary>
/// A serial line that answers every request at once from pre-encoded responses, allocating nothing, so a
/// benchmark counts only the firmware's own allocations.
/// </summary>
internal sealed class LoopbackModem : ISerialLine
{
    private static readonly byte[] s_ok = Encoding.ASCII.GetBytes("\r\nOK\r\n");
    private readonly byte[][] _requests;
    private readonly byte[][] _responses;
    private readonly byte[] _request = new byte[256];
    private int _requestLength;
    private byte[]? _pending;
    private int _pendingOffset;

    public LoopbackModem(params string[] pairs)
    {
        _requests = new byte[pairs.Length / 2][];
        _responses = new byte[pairs.Length / 2][];
        for (int i = 0; i < pairs.Length; i += 2)
        {
            _requests[i / 2] = Encoding.ASCII.GetBytes(pairs[i]);
            _responses[i / 2] = Encoding.ASCII.GetBytes(pairs[i + 1]);
        }
    }

    public event SerialDataHandler? DataReceived;

    public string PortName => "loopback";

    public int BaudRate { get; set; } = 115200;

    public bool IsOpen { get; private set; }

    public long Requests { get; private set; }

    public void Open() => IsOpen = true;

    public void Close() => IsOpen = false;

    public int Read(byte[] buffer, int offset, int count)
    {
        if (_pending == null)
        {
            return 0;
        }

        int n = Math.Min(count, _pending.Length - _pendingOffset);
        Array.Copy(_pending, _pendingOffset, buffer, offset, n);
        _pendingOffset += n;
        if (_pendingOffset == _pending.Length)
        {
            _pending = null;
        }

        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
        {
            if (buffer[i] != '\r')
            {
                _request[_requestLength++] = buffer[i];
                continue;
            }

            Requests++;
            _pending = Lookup();
            _pendingOffset = 0;
            _requestLength = 0;
            DataReceived?.Invoke(this);
        }
    }

    private byte[] Lookup()
    {
        for (int r = 0; r < _requests.Length; r++)
        {
            if (_requests[r].AsSpan().SequenceEqual(_request.AsSpan(0, _requestLength)))
            {
                return _responses[r];
            }
        }

        return s_ok;
    }
}
