using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Simulation.Network;

namespace NfBond.Links.Tests;

/// <summary>A link monitor over a simulated network, under virtual time.</summary>
internal sealed class LinkRig
{
    public readonly VirtualClock Clock = new();
    public readonly EventLoop Loop;
    public readonly SimulatedNetwork Network;
    public readonly LinkMonitor Monitor;
    public readonly List<LinkEvent> Events = [];

    public LinkRig(LinkDefinition[] links, DampeningSettings? dampening = null, int seed = 1)
    {
        Loop = new EventLoop(Clock);
        Network = new SimulatedNetwork(Loop, seed);
        Monitor = new LinkMonitor(Loop, links, dampening ?? new DampeningSettings(), [Network]);
        Monitor.EventRaised += Events.Add;
    }

    public static string[] DefaultHosts => ["1.1.1.1", "9.9.9.9", "8.8.8.8"];

    public static LinkDefinition Link(string name, LinkRole role, DetectionSettings detection, string[]? hosts = null, bool metered = false, int mark = 1)
    {
        hosts ??= DefaultHosts;
        return new LinkDefinition
        {
            Name = name,
            Interface = name,
            Role = role,
            Type = metered ? LinkType.Lte : LinkType.Fiber,
            DownKbps = 100_000,
            Metered = metered,
            Detection = detection,
            Mark = mark,
            Targets = hosts.Select(h => new ProbeTarget { Kind = ProbeKind.Tcp, Host = h, Port = 443 }).ToArray(),
        };
    }

    public LinkWatch this[string name] => Monitor.Find(name)!;

    public void RunFor(long ms) => Loop.RunFor(Clock, ms);

    /// <summary>Runs until the condition holds; returns the virtual time it took, or -1 past the budget.</summary>
    public long RunUntil(Func<bool> condition, long budgetMs, long stepMs = 1)
    {
        long start = Clock.NowMs;
        while (!condition())
        {
            if (Clock.NowMs - start > budgetMs)
            {
                return -1;
            }

            Loop.RunFor(Clock, stepMs);
        }

        return Clock.NowMs - start;
    }

    public int CountDowns(string? link = null) => Events.Count(e => e.Kind == LinkEventKind.StateChanged && e.State == LinkState.Down && (link == null || e.Link == link));

    public string Transcript => string.Join("\n", Events.Select(e => $"{e.TimeMs,9} {e.Link,-8} {e.Kind,-18} {e.State,-7} {e.Cause}"));
}
