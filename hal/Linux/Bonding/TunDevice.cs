using System;
using System.Runtime.InteropServices;
using System.Text;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// A Linux TUN interface (IP packets, no packet information header), opened through <c>/dev/net/tun</c> and
/// <c>TUNSETIFF</c>: no NuGet package does it. It lives in the network namespace of the thread that opens
/// it and disappears when closed.
/// </summary>
public sealed class TunDevice : IDisposable
{
    private const int ReadWrite = 2;
    private const int CloseOnExec = 0x80000;
    private const uint TunSetIff = 0x400454ca;
    private const short IffTun = 0x0001;
    private const short IffNoPi = 0x1000;
    private const short PollIn = 0x0001;
    private const uint SiocSifMtu = 0x8922;

    // For the interface's MTU: an ioctl on any socket of the interface's namespace, opened with it.
    private readonly System.Net.Sockets.Socket _control;
    private int _fd;

    private TunDevice(int fd, string name)
    {
        _fd = fd;
        Name = name;
        _control = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
    }

    /// <summary>Gets the interface's name.</summary>
    public string Name { get; }

    /// <summary>Creates (or attaches to) a TUN interface.</summary>
    /// <param name="name">Its name, at most 15 bytes.</param>
    /// <returns>The open device; set it up and give it an address with <c>ip</c>.</returns>
    /// <exception cref="ArgumentException">The name is empty or too long.</exception>
    /// <exception cref="InvalidOperationException">The kernel refused (no /dev/net/tun, not root).</exception>
    public static TunDevice Open(string name)
    {
        byte[] encoded = Encoding.ASCII.GetBytes(name);
        if (encoded.Length is 0 or > 15)
        {
            throw new ArgumentException($"interface name \"{name}\": 1 to 15 ASCII characters are allowed", nameof(name));
        }

        int fd = NativeOpen("/dev/net/tun", ReadWrite | CloseOnExec);
        if (fd < 0)
        {
            throw new InvalidOperationException($"open /dev/net/tun failed: errno {Marshal.GetLastPInvokeError()} (the tun driver and root are needed)");
        }

        // struct ifreq: the name (16 bytes), then the flags (short), padded to 40 bytes.
        byte[] ifreq = new byte[40];
        encoded.CopyTo(ifreq, 0);
        BitConverter.TryWriteBytes(ifreq.AsSpan(16), (short)(IffTun | IffNoPi));
        if (Ioctl(fd, TunSetIff, ifreq) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            NativeClose(fd);
            throw new InvalidOperationException($"TUNSETIFF {name} failed: errno {errno}");
        }

        return new TunDevice(fd, name);
    }

    /// <summary>Sets the interface's MTU (SIOCSIFMTU), from any thread.</summary>
    /// <param name="mtu">The MTU, bytes.</param>
    /// <returns>Null when set, else why not.</returns>
    public string? SetMtu(int mtu)
    {
        // struct ifreq: the name (16 bytes), then the MTU (int), padded to 40 bytes.
        byte[] ifreq = new byte[40];
        Encoding.ASCII.GetBytes(Name).CopyTo(ifreq, 0);
        BitConverter.TryWriteBytes(ifreq.AsSpan(16), mtu);
        return Ioctl((int)_control.SafeHandle.DangerousGetHandle(), SiocSifMtu, ifreq) < 0 ? $"SIOCSIFMTU {Name} {mtu} failed: errno {Marshal.GetLastPInvokeError()}" : null;
    }

    /// <summary>Reads one packet, waiting at most <paramref name="timeoutMs"/>.</summary>
    /// <param name="buffer">Room for the packet (the interface's MTU).</param>
    /// <param name="timeoutMs">The longest wait.</param>
    /// <returns>The packet's length, 0 when none came in time, -1 when the device is closed.</returns>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        int fd = _fd;
        if (fd < 0)
        {
            return -1;
        }

        PollFd poll = new() { Fd = fd, Events = PollIn };
        int ready = Poll(ref poll, 1, timeoutMs);
        if (ready <= 0 || _fd < 0)
        {
            return ready < 0 && Marshal.GetLastPInvokeError() != 4 ? -1 : 0;
        }

        unsafe
        {
            fixed (byte* p = buffer)
            {
                long n = NativeRead(fd, p, buffer.Length);
                return n < 0 ? (_fd < 0 ? -1 : 0) : (int)n;
            }
        }
    }

    /// <summary>Writes one packet to the interface (it reaches the host's stack as if received).</summary>
    /// <param name="packet">An IP packet.</param>
    /// <returns>Whether the kernel took it.</returns>
    public bool Write(ReadOnlySpan<byte> packet)
    {
        int fd = _fd;
        if (fd < 0)
        {
            return false;
        }

        unsafe
        {
            fixed (byte* p = packet)
            {
                return NativeWrite(fd, p, packet.Length) == packet.Length;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        int fd = _fd;
        _fd = -1;
        if (fd >= 0)
        {
            NativeClose(fd);
        }

        _control.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int NativeOpen([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, uint request, byte[] argument);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, ulong count, int timeoutMs);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern unsafe long NativeRead(int fd, byte* buffer, long count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern unsafe long NativeWrite(int fd, byte* buffer, long count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int NativeClose(int fd);
}
