using System.Diagnostics;
using System.Text.Json;
using NfBond.Aggregator;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Plans;

namespace NfBond.Lab;

/// <summary>
/// <c>nfbond lab drill</c>: a scheduled failover drill with real traffic. The aggregator runs in this process
/// and listens (MQTT over TLS, its generated CA) on a management link into the lab router, where the controller
/// runs as its own process and reports to it; the LAN host streams a datagram per millisecond to the internet
/// host. A drill scheduled with a cron expression takes wan1 out: the controller's drill_result is held against
/// what the datagrams did (which path, how many lost, when back on wan1), and the run must reach the site's
/// emergency plan.
/// </summary>
public sealed class DrillLabRun
{
    /// <summary>The site and its controller in the lab.</summary>
    public const string Site = "lab";

    private const string Device = "lab-ctl";
    private readonly string[] _controllerCommand;
    private readonly int _seconds;
    private readonly TextWriter _output;

    /// <summary>Prepares a run.</summary>
    /// <param name="controllerCommand">How to start nfbond (e.g. dotnet exec nfbond.dll).</param>
    /// <param name="seconds">How long the drill takes wan1 out.</param>
    /// <param name="output">Where progress and the result line go.</param>
    public DrillLabRun(string[] controllerCommand, int seconds, TextWriter output)
    {
        _controllerCommand = controllerCommand;
        _seconds = seconds;
        _output = output;
    }

    /// <summary>Runs one drill; the lab must be up with at least two links.</summary>
    /// <returns>What was measured (also printed as one line, last).</returns>
    public DrillLabResult Run()
    {
        if (LabTopology.LinkCount() < 2)
        {
            throw new InvalidOperationException($"the lab has {LabTopology.LinkCount()} provider path(s); run `nfbond lab up --links 2` (or more) first");
        }

        LabTopology.AddManagement();
        string work = Directory.CreateTempSubdirectory("nfbond-lab-drill").FullName;
        string siteFile = Path.Combine(work, "site.json");
        File.WriteAllText(siteFile, FailoverRun.SiteJson(LabTopology.LinkCount(), "fast"));
        AggregatorOptions options = new()
        {
            ListenAddress = LabTopology.ManagementHost,
            MqttTlsPort = LocalPorts.Free(),
            HttpsPort = LocalPorts.Free(),
            MqttPort = LocalPorts.Free(),
            HttpPort = LocalPorts.Free(),
            DataDirectory = Path.Combine(work, "aggregator"),
        };
        AggregatorHost aggregator = new(options, TextWriter.Null);
        try
        {
            aggregator.StartAsync().GetAwaiter().GetResult();
            return Drill(aggregator, options, work, siteFile);
        }
        finally
        {
            aggregator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private DrillLabResult Drill(AggregatorHost aggregator, AggregatorOptions options, string work, string siteFile)
    {
        (string password, string secret) = aggregator.Registry.Add(Site, Device);
        string ca = Path.Combine(work, "ca.pem");
        File.WriteAllText(ca, aggregator.Certificates!.CaPem);
        _output.WriteLine($"lab drill: aggregator on mqtts://{LabTopology.ManagementHost}:{options.MqttTlsPort}, controller {Device} on the lab router, wan1 out for {_seconds} s");

        using LabServices services = new();
        using ControllerProcess controller = new(_controllerCommand, siteFile, "--broker", $"mqtts://{LabTopology.ManagementHost}:{options.MqttTlsPort}", "--broker-ca", ca,
            "--site", Site, "--device", Device, "--username", Device, "--password", password, "--secret", secret, "--state-interval", "5");
        Wait(() => controller.FirstAfter(0, e => ControllerProcess.IsPlanAllOn(e, "wan1")) != null, 20_000, "the controller to put all traffic on wan1", controller);
        Wait(() => aggregator.Store.Latest(Device, "state") != null, 20_000, "the controller's first state at the aggregator", controller);
        using TrafficStream traffic = new();
        Wait(() => traffic.FirstAfter(0, p => p == 1) != null, 5000, "traffic through wan1", controller);

        // Scheduled as an integrator would, in the site's time zone: the next 15-second slot.
        const string cron = "*/15 * * * * *";
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        DrillSchedule schedule = aggregator.Store.AddDrill(new DrillSchedule(0, Site, Device, "wan1", _seconds, cron, "Europe/Berlin", DrillScheduler.Next(cron, "Europe/Berlin", now)));
        long idle = Stopwatch.GetTimestamp();
        long? cut = WaitFor(() => controller.FirstAfter(idle, e => ControllerProcess.IsState(e, "wan1", "down") && e.GetProperty("cause").GetString()!.StartsWith("drill", StringComparison.Ordinal)), 30_000);
        if (cut == null)
        {
            throw new InvalidOperationException("the scheduled drill did not take wan1 down within 30 s; controller errors:\n" + controller.Errors);
        }

        aggregator.Store.RemoveDrill(schedule.Id);
        JsonElement? result = null;
        Wait(() => (result = Result(aggregator)) != null, (_seconds + 50) * 1000, "the drill_result", controller);
        long? backUp = controller.FirstAfter(cut.Value, e => ControllerProcess.IsState(e, "wan1", "up"));
        long end = cut.Value + (long)(_seconds * Stopwatch.Frequency);
        // The pause the traffic saw: from the last datagram through wan1 to the first through another path.
        TrafficStream.Arrival? firstOther = traffic.FirstAfter(cut.Value, p => p > 1);
        TrafficStream.Arrival[] before = [.. traffic.Arrivals().Where(a => a.Path == 1 && firstOther != null && a.AtTicks < firstOther.Value.AtTicks)];
        double trafficSwitch = firstOther == null || before.Length == 0 ? -1 : Since(before[^1].AtTicks, firstOther.Value.AtTicks);
        int sent = traffic.SentBetween(cut.Value, end);
        int lost = traffic.LostBetween(cut.Value, end);
        TrafficStream.Arrival[] during = [.. traffic.Arrivals().Where(a => a.AtTicks >= cut.Value && a.AtTicks <= end)];
        double onBackup = during.Length == 0 ? 0 : 100.0 * during.Count(a => a.Path > 1) / during.Length;
        long wanOneAgain = backUp ?? end;
        Wait(() => traffic.FirstSentAfter(wanOneAgain, p => p == 1) != null, 30_000, "traffic back on wan1", controller);
        double trafficBack = Since(end, traffic.FirstSentAfter(wanOneAgain, p => p == 1)?.AtTicks);

        JsonElement r = result!.Value;
        long controllerSwitch = r.GetProperty("restore_ms").GetInt64();
        EmergencyPlan plan = EmergencyPlan.Build(aggregator.Store, Site, options.Alerts, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        bool inPlan = plan.DrillRuns.Any(d => d.Link == "wan1" && d.SwitchMs == controllerSwitch && d.Ok == r.GetProperty("ok").GetBoolean());
        DrillLabResult measured = new(r.GetProperty("ok").GetBoolean(), controllerSwitch, r.GetProperty("carried_ms").GetInt64(), r.GetProperty("back_ms").GetInt64(),
            trafficSwitch, sent, lost, onBackup, trafficBack, inPlan);
        _output.WriteLine($"controller: {r.GetProperty("detail").GetString()}");
        _output.WriteLine($"lab drill: {(measured.Ok ? "ok" : "FAILED")}, controller switch {measured.ControllerSwitchMs} ms, traffic paused {trafficSwitch:F0} ms between its last datagram through wan1 and its first through another path, "
            + $"lost {lost} of {sent} datagrams, {onBackup:F1} % of the drill's traffic through the backup, carried {measured.CarriedMs / 1000.0:F1} s, "
            + $"wan1 back {measured.BackMs} ms after the drill and carrying {trafficBack:F0} ms after it; {(inPlan ? "in" : "NOT in")} the emergency plan's drill log");
        return measured;
    }

    // Cloned: the store's elements live only as long as the document they were read from.
    private static JsonElement? Result(AggregatorHost aggregator)
    {
        foreach (JsonElement e in aggregator.Store.Events(Device, 0, 10_000))
        {
            if (e.GetProperty("kind").GetString() == "drill_result")
            {
                return e.Clone();
            }
        }

        return null;
    }

    private static void Wait(Func<bool> condition, int timeoutMs, string what, ControllerProcess controller)
    {
        if (WaitFor(() => condition() ? 1 : null, timeoutMs) == null)
        {
            throw new InvalidOperationException($"waited {timeoutMs / 1000} s for {what}; controller errors:\n{controller.Errors}");
        }
    }

    private static long? WaitFor(Func<long?> probe, int timeoutMs)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.ElapsedMilliseconds < timeoutMs)
        {
            if (probe() is long found)
            {
                return found;
            }

            Thread.Sleep(5);
        }

        return null;
    }

    private static double Since(long fromTicks, long? toTicks) => toTicks == null ? -1 : (toTicks.Value - fromTicks) * 1000.0 / Stopwatch.Frequency;
}
