namespace NfBond.Benchmarks;

/// <summary>
/// CPU time of this process's threads except the lab's delay wires (named "wire ..."), from
/// <c>/proc/self/task/*/stat</c>: what the tunnel's two ends cost while the wires run in the same process.
/// </summary>
public sealed class TunnelCpu
{
    // Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on.
    private const double TicksPerSecond = 100;
    private readonly double _startSeconds;

    private TunnelCpu(double startSeconds) => _startSeconds = startSeconds;

    /// <summary>Starts counting.</summary>
    /// <returns>The counter.</returns>
    public static TunnelCpu Start() => new(Seconds());

    /// <summary>Gets the CPU seconds spent since <see cref="Start"/> per gigabyte carried.</summary>
    /// <param name="gigabytes">What was carried, GB.</param>
    /// <returns>Seconds per GB.</returns>
    public double SecondsPerGigabyte(double gigabytes) => (Seconds() - _startSeconds) / gigabytes;

    private static double Seconds()
    {
        double ticks = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }

            int open = stat.IndexOf('(');
            int close = stat.LastIndexOf(')');
            if (stat[(open + 1)..close].StartsWith("wire", StringComparison.Ordinal))
            {
                continue;
            }

            // After the name: state is field 3, utime 14 and stime 15.
            string[] fields = stat[(close + 2)..].Split(' ');
            ticks += double.Parse(fields[11]) + double.Parse(fields[12]);
        }

        return ticks / TicksPerSecond;
    }
}
