using System.Text.Json;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Hal;
using NfBond.Hal.Linux;

namespace NfBond.Cli.Hosting;

/// <summary>
/// The WAN controller on a Linux router on full .NET: the firmware's link monitor and scheduler on an
/// event loop in real time, probing through <see cref="LinuxProbeTransport"/> and steering through
/// <see cref="LinuxSteeringExecutor"/>. Every link event and plan change is written as one JSON line.
/// </summary>
public sealed class SiteHost
{
    private readonly SiteDefinition _site;
    private readonly TextWriter _output;
    private readonly object _writeLock = new();
    private readonly EventLoop _loop;
    private readonly LinkMonitor _monitor;
    private readonly Scheduler _scheduler;
    private readonly LinuxProbeTransport _probes = new();
    private readonly LinuxSteeringExecutor _executor;

    /// <summary>Wires the controller for a site; nothing runs until <see cref="Run"/>.</summary>
    /// <param name="site">The validated site.</param>
    /// <param name="output">Where JSON event lines go.</param>
    public SiteHost(SiteDefinition site, TextWriter output)
    {
        _site = site;
        _output = output;
        _loop = new EventLoop(new SystemClock());
        _loop.FaultHandler = (source, ex) => Write("fault", w => { w.WriteString("source", source.ToString()); w.WriteString("error", ex.ToString()); });
        _monitor = new LinkMonitor(_loop, site.Links, site.Dampening, [_probes]);
        _executor = new LinuxSteeringExecutor(site.Lan);
        _scheduler = new Scheduler(_loop, _monitor, _executor) { Counters = new SysfsTrafficCounters() };
        _monitor.EventRaised = OnLinkEvent;
        _scheduler.PlanChanged = OnPlan;
    }

    /// <summary>Runs until <paramref name="durationMs"/> passed (0 = until <see cref="Stop"/>), then removes the steering rules.</summary>
    /// <param name="durationMs">How long to run.</param>
    public void Run(long durationMs)
    {
        Write("start", w =>
        {
            w.WriteString("site", _site.Name);
            w.WriteNumber("links", _site.Links.Length);
        });
        _monitor.Start();
        _scheduler.UpdateBillingCycles(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _scheduler.Start();
        if (_scheduler.LastApplyError != null)
        {
            Write("error", w => w.WriteString("error", "setting up the links' routing tables: " + _scheduler.LastApplyError));
        }

        LoopTimer billing = new(_loop, _ => _scheduler.UpdateBillingCycles(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        billing.StartPeriodic(60_000);
        LoopTimer stop = new(_loop, _ => _loop.Stop());
        if (durationMs > 0)
        {
            stop.Start(durationMs);
        }

        _loop.Run();
        _monitor.Stop();
        _scheduler.Stop();
        _executor.Remove(Entries());
        _probes.Dispose();
        Write("stop", _ => { });
    }

    /// <summary>Stops the loop from any thread.</summary>
    public void Stop() => _loop.Stop();

    private SteeringEntry[] Entries() => _site.Links.Select(l => new SteeringEntry { Name = l.Name, Interface = l.Interface, Gateway = l.Gateway, Mark = l.Mark }).ToArray();

    private void OnLinkEvent(LinkEvent e)
    {
        Write("link", w =>
        {
            w.WriteString("link", e.Link);
            w.WriteString("event", EventName(e.Kind));
            w.WriteString("state", LinkStates.Name(e.State));
            w.WriteString("cause", e.Cause);
        });
    }

    private void OnPlan(SteeringPlan plan, string? applyError)
    {
        Write("plan", w =>
        {
            w.WriteNumber("version", plan.Version);
            w.WriteStartObject("weights");
            for (int i = 0; i < _site.Links.Length; i++)
            {
                w.WriteNumber(_site.Links[i].Name, plan.Weights[i]);
            }

            w.WriteEndObject();
            w.WriteString("reason", plan.Reason);
            if (applyError != null)
            {
                w.WriteString("apply_error", applyError);
            }
        });
    }

    private static string EventName(LinkEventKind kind) => kind switch
    {
        LinkEventKind.StateChanged => "state",
        LinkEventKind.Suppressed => "suppressed",
        LinkEventKind.Reused => "reused",
        LinkEventKind.UpstreamSuspected => "upstream_suspected",
        LinkEventKind.UpstreamCleared => "upstream_cleared",
        _ => "probe_rate",
    };

    private void Write(string type, Action<Utf8JsonWriter> body)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter w = new(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("t_ms", _loop.NowMs);
            w.WriteString("type", type);
            body(w);
            w.WriteEndObject();
        }

        lock (_writeLock)
        {
            _output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            _output.Flush();
        }
    }
}
