using System.Runtime.InteropServices;
using System.Text;

namespace NfBond.Simulation;

/// <summary>
/// A Linux pseudo-terminal pair: the simulator holds the master, and the slave (<c>/dev/pts/N</c>) is a
/// real serial device the controller opens with System.IO.Ports, so the host HAL is exercised for real.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private const int Eagain = 11;
    private readonly int _master;
    private readonly int _slave;
    private bool _disposed;

    /// <summary>Opens a new pair.</summary>
    /// <exception cref="IOException">openpty failed (no /dev/ptmx, or not Linux).</exception>
    public PseudoTerminal()
    {
        byte[] name = new byte[256];
        if (openpty(out _master, out _slave, name, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new IOException($"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        }

        SlavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
    }

    /// <summary>Gets the slave device path to give to the controller.</summary>
    public string SlavePath { get; }

    /// <summary>Reads what the controller wrote; blocks until bytes arrive. Returns 0 once disposed.</summary>
    /// <param name="buffer">Destination.</param>
    /// <returns>Bytes read.</returns>
    public int Read(byte[] buffer)
    {
        while (!_disposed)
        {
            int n = read(_master, buffer, buffer.Length);
            if (n > 0)
            {
                return n;
            }

            // EIO while no process has the slave open, EAGAIN on a spurious wake: both mean "not yet".
            Thread.Sleep(5);
        }

        return 0;
    }

    /// <summary>Sends bytes to the controller.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Write(byte[] bytes)
    {
        int offset = 0;
        while (offset < bytes.Length && !_disposed)
        {
            byte[] rest = offset == 0 ? bytes : bytes[offset..];
            int n = write(_master, rest, rest.Length);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() != Eagain)
                {
                    return;
                }

                Thread.Sleep(1);
                continue;
            }

            offset += n;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        close(_slave);
        close(_master);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int openpty(out int master, out int slave, byte[] name, IntPtr termp, IntPtr winp);

    [DllImport("libc", SetLastError = true)]
    private static extern int read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int write(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
