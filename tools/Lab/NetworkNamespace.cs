using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NfBond.Lab;

/// <summary>
/// Runs code inside a named network namespace (<c>ip netns add NAME</c>) on a thread of its own. A socket
/// belongs to the namespace it was created in for life, so the lab creates its sender, receiver and
/// probe-target sockets there and uses them from any thread afterwards, all timed by one clock.
/// </summary>
public static class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Runs <paramref name="action"/> on a fresh thread that has entered namespace <paramref name="name"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="name">The namespace.</param>
    /// <param name="action">The work, typically creating sockets.</param>
    /// <returns>What the work returned.</returns>
    public static T Run<T>(string name, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        Thread thread = new(() =>
        {
            try
            {
                using SafeFileHandle handle = File.OpenHandle("/var/run/netns/" + name);
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into network namespace {name} failed: errno {Marshal.GetLastPInvokeError()} (root needed)");
                }

                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure != null)
        {
            throw new InvalidOperationException($"in network namespace {name}: {failure.Message}", failure);
        }

        return result;
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nsType);
}
