using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using NfBond.Lab;

namespace NfBond.Benchmarks;

/// <summary>
/// VRRP takeover, ours against ours and keepalived against keepalived in the same run and on the same
/// bridged LAN: the master (priority 200) is unplugged and killed without resigning, and the clock runs
/// until the virtual address answers pings from the client again, now from the backup (priority 100).
/// Goal: ratio ours/keepalived &lt;= 1.0 and ours below 3 x advert + skew + 50 ms.
/// </summary>
public sealed class VrrpTakeoverBenchmark : IBenchmark
{
    private const int Runs = 5;

    /// <inheritdoc/>
    public string Name => "vrrp";

    /// <inheritdoc/>
    public string Description => "VRRP takeover (master killed until the virtual IP answers from the backup): ours vs keepalived, same advert interval";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        try
        {
            foreach (int advertMs in new[] { 100, 1000 })
            {
                double[] ours = Measure(advertMs, host => VrrpLab.Ours(SelfCommand(), host, host == "a" ? 200 : 100, advertMs + "ms"));
                double[] theirs = Measure(advertMs, host => VrrpLab.Keepalived(host, host == "a" ? 200 : 100, advertMs / 1000.0));
                double bound = 3 * advertMs + (256 - 100) * advertMs / 256.0 + 50;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"advert {advertMs} ms, {Runs} runs each: ours median {Median(ours):F0} ms (min {ours.Min():F0}, max {ours.Max():F0}), keepalived median {Median(theirs):F0} ms (min {theirs.Min():F0}, max {theirs.Max():F0}), ratio {Median(ours) / Median(theirs):F2}; bound 3 x advert + skew + 50 = {bound:F0} ms"));
            }
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine("vrrp: not measured: " + ex.Message);
        }
        finally
        {
            VrrpLab.Down();
        }
    }

    private static double[] Measure(int advertMs, Func<string, VrrpDaemon> start)
    {
        double[] results = new double[Runs];
        for (int run = 0; run < Runs; run++)
        {
            VrrpLab.Up();
            using VrrpDaemon master = start("a");
            master.WaitFor("master", 0, 10_000);
            using VrrpDaemon backup = start("b");
            backup.WaitFor("backup", 0, 10_000);
            Thread.Sleep(advertMs * 5);

            using Process ping = StartPing();
            Thread.Sleep(200);
            // The master dies by losing its port (nothing it sends after that counts), then its daemon is killed.
            VrrpLab.Cut("a", true);
            double died = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            master.Kill();
            results[run] = FirstReplyAfter(ping, died, 10_000);
            VrrpLab.Down();
        }

        return results;
    }

    // The client pings every 5 ms; ping -D stamps each reply with the wall clock as it arrives.
    private static Process StartPing()
    {
        ProcessStartInfo info = new("ip", ["netns", "exec", VrrpLab.Namespace("c"), "stdbuf", "-oL", "ping", "-D", "-n", "-i", "0.005", "-W", "1", VrrpLab.VipAddress])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(info)!;
    }

    private static double FirstReplyAfter(Process ping, double afterUnixSeconds, int timeoutMs)
    {
        double replyAt = -1;
        using ManualResetEventSlim got = new();
        ping.OutputDataReceived += (_, e) =>
        {
            // "[1795000000.123456] 64 bytes from 192.168.60.254: icmp_seq=..."
            if (e.Data == null || !e.Data.StartsWith('[') || !e.Data.Contains("bytes from", StringComparison.Ordinal) || replyAt >= 0)
            {
                return;
            }

            double at = double.Parse(e.Data[1..e.Data.IndexOf(']')], CultureInfo.InvariantCulture);
            if (at > afterUnixSeconds)
            {
                replyAt = at;
                got.Set();
            }
        };
        ping.BeginOutputReadLine();
        got.Wait(timeoutMs);
        ping.Kill();
        return replyAt < 0 ? -1 : (replyAt - afterUnixSeconds) * 1000;
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string[] SelfCommand() => ["dotnet", "exec", Assembly.GetEntryAssembly()!.Location];
}
