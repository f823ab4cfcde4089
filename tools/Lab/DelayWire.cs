using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NfBond.Lab;

/// <summary>
/// A wire with a delay, in userspace (this kernel has no netem): every Ethernet frame that arrives on one
/// interface leaves the other a fixed time later, both ways, through AF_PACKET sockets. It stands between two
/// veth pairs in a middle namespace, so both ends see one plain link with a longer RTT, whatever protocol
/// runs over it (the tunnel's UDP, MPTCP's subflows). <see cref="Cut"/> drops everything, as a fiber cut
/// upstream would: neither end is told.
/// </summary>
public sealed class DelayWire : IDisposable
{
    private const int AfPacket = 17;
    private const int SockRaw = 3;
    private const ushort EthPAllNetworkOrder = 0x0300;
    private const int SolPacket = 263;
    private const int PacketIgnoreOutgoing = 23;
    private readonly int[] _sockets = new int[2];
    private readonly Thread[] _threads = new Thread[4];
    private readonly BlockingCollection<(long DueTicks, byte[] Frame, int Length)>[] _lines = [new(), new()];
    private readonly long _delayTicks;
    private volatile bool _cut;
    private volatile bool _stopped;
    private long _forwarded;

    /// <summary>Opens the sockets (in the calling thread's network namespace) and starts forwarding.</summary>
    /// <param name="left">One interface.</param>
    /// <param name="right">The other.</param>
    /// <param name="oneWayDelayMs">How long each frame is held, ms (half the RTT this wire adds).</param>
    /// <exception cref="Win32Exception">A socket could not be opened or bound.</exception>
    public DelayWire(string left, string right, double oneWayDelayMs)
    {
        _delayTicks = (long)(oneWayDelayMs * Stopwatch.Frequency / 1000);
        _sockets[0] = Open(left);
        _sockets[1] = Open(right);
        for (int side = 0; side < 2; side++)
        {
            int from = side;
            _threads[side] = new Thread(() => Read(from)) { IsBackground = true, Name = "wire read " + (from == 0 ? left : right) };
            _threads[side + 2] = new Thread(() => Write(1 - from, _lines[from])) { IsBackground = true, Name = "wire write " + (from == 0 ? right : left) };
        }

        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Gets or sets whether the wire drops every frame (a cut) instead of forwarding it.</summary>
    public bool Cut
    {
        get => _cut;
        set => _cut = value;
    }

    /// <summary>Gets how many frames were forwarded.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopped = true;
        foreach (BlockingCollection<(long DueTicks, byte[] Frame, int Length)> line in _lines)
        {
            line.CompleteAdding();
        }

        // Closing the sockets ends the blocked reads.
        foreach (int socket in _sockets)
        {
            Shutdown(socket, 2);
            Close(socket);
        }
    }

    private static int Open(string device)
    {
        int index = (int)IfNameToIndex(device);
        if (index == 0)
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), $"delay wire: no interface {device}");
        }

        int socket = Socket(AfPacket, SockRaw, EthPAllNetworkOrder);
        if (socket < 0)
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), $"delay wire: packet socket for {device}");
        }

        // What this wire sends out of an interface must not come back in on its own socket.
        byte[] one = BitConverter.GetBytes(1);
        SetSockOpt(socket, SolPacket, PacketIgnoreOutgoing, one, one.Length);
        byte[] address = new byte[20];
        BitConverter.GetBytes((ushort)AfPacket).CopyTo(address, 0);
        BitConverter.GetBytes(EthPAllNetworkOrder).CopyTo(address, 2);
        BitConverter.GetBytes(index).CopyTo(address, 4);
        if (Bind(socket, address, address.Length) != 0)
        {
            int error = Marshal.GetLastWin32Error();
            Close(socket);
            throw new Win32Exception(error, $"delay wire: bind to {device}");
        }

        return socket;
    }

    private void Read(int side)
    {
        byte[] buffer = new byte[65_536];
        while (!_stopped)
        {
            nint length = Recv(_sockets[side], buffer, buffer.Length, 0);
            if (length <= 0)
            {
                return;
            }

            if (!_cut && !_stopped)
            {
                _lines[side].Add((Stopwatch.GetTimestamp() + _delayTicks, buffer[..(int)length], (int)length));
            }
        }
    }

    // A constant delay keeps the frames in order: each leaves at its due time, after the one before it.
    private void Write(int side, BlockingCollection<(long DueTicks, byte[] Frame, int Length)> line)
    {
        foreach ((long due, byte[] frame, int length) in line.GetConsumingEnumerable())
        {
            // Sleeping, not spinning: a wire that took a core would slow the ends it connects. Its frames then leave
            // up to a millisecond late, as on a real link with some jitter.
            while (due > Stopwatch.GetTimestamp())
            {
                Thread.Sleep(1);
            }

            if (!_cut && !_stopped)
            {
                Send(_sockets[side], frame, length, 0);
                Interlocked.Increment(ref _forwarded);
            }
        }
    }

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static extern int Bind(int socket, byte[] address, int length);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static extern int SetSockOpt(int socket, int level, int name, byte[] value, int length);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static extern nint Recv(int socket, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint Send(int socket, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static extern int Shutdown(int socket, int how);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int socket);

    [DllImport("libc", EntryPoint = "if_nametoindex", SetLastError = true)]
    private static extern uint IfNameToIndex(string name);
}
