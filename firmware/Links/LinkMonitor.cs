using System;
using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Firmware.Links;

/// <summary>
/// Watches every WAN link of a site and decides which are up. Beyond each link's own timers it
/// correlates them: a link whose targets stopped answering is declared down only when another link
/// proves the internet reachable: it answered a round sent after this link's first failed round, and a
/// round of this link sent no earlier than that answer's round failed too. When every
/// link fails at once that is a probe-target or upstream problem, reported once, and no link is taken
/// down, because moving traffic cannot help and would only make all links flap together.
/// </summary>
public sealed class LinkMonitor
{
    private readonly EventLoop _loop;
    private readonly IProbeTransport[] _transports;
    private readonly LinkWatch[] _links;
    private readonly LoopAction _dispatch;

    /// <summary>Creates a monitor; nothing is probed until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="links">The links to watch.</param>
    /// <param name="dampening">Flap dampening for all links.</param>
    /// <param name="transports">Probe transports; each target uses the first that supports its kind.</param>
    /// <exception cref="ArgumentException">A target's kind has no transport.</exception>
    public LinkMonitor(EventLoop loop, LinkDefinition[] links, DampeningSettings dampening, IProbeTransport[] transports)
    {
        _loop = loop;
        _transports = transports;
        Dampening = dampening;
        _dispatch = Dispatch;
        for (int i = 0; i < transports.Length; i++)
        {
            transports[i].Completed += OnTransportCompleted;
        }

        _links = new LinkWatch[links.Length];
        for (int i = 0; i < links.Length; i++)
        {
            _links[i] = new LinkWatch(this, loop, links[i], dampening);
        }
    }

    /// <summary>Raised for each link event (loop thread); every subscriber is told.</summary>
    public event LinkEventHandler? EventRaised;

    /// <summary>Gets the watched links in configuration order.</summary>
    public LinkWatch[] Links => _links;

    /// <summary>Gets the flap dampening settings.</summary>
    public DampeningSettings Dampening { get; }

    /// <summary>Gets whether all links currently fail together (targets or upstream suspected).</summary>
    public bool UpstreamSuspected { get; private set; }

    /// <summary>Gets or sets a callback run on the loop after any link changed state, so the plan can follow.</summary>
    public LinkEventHandler? StateChanged { get; set; }

    /// <summary>Finds a link by name.</summary>
    /// <param name="name">The link's name.</param>
    /// <returns>The link, or null.</returns>
    public LinkWatch? Find(string name)
    {
        for (int i = 0; i < _links.Length; i++)
        {
            if (_links[i].Name == name)
            {
                return _links[i];
            }
        }

        return null;
    }

    /// <summary>Starts probing every link.</summary>
    public void Start()
    {
        long epoch = _loop.NowMs;
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i].Start(epoch);
        }
    }

    /// <summary>Stops probing.</summary>
    public void Stop()
    {
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i].Stop();
        }
    }

    /// <summary>Tells the monitor whether the plan gives a link traffic (idle metered links are probed more slowly).</summary>
    /// <param name="link">The link.</param>
    /// <param name="carrying">True if it has a weight.</param>
    public void SetCarrying(LinkWatch link, bool carrying)
    {
        link.SetCarrying(carrying);
    }

    /// <summary>Tells the monitor whether a cellular link's modem is ready for data; not ready takes the link down at once.</summary>
    /// <param name="link">The link.</param>
    /// <param name="ready">True when the modem reports data ready.</param>
    /// <param name="cause">The modem's state and reason.</param>
    public void SetModemReady(LinkWatch link, bool ready, string cause)
    {
        link.SetModemReady(ready, cause);
    }

    /// <summary>
    /// Takes an outside witness's word that a link looks dead while another still carries (the bonding tunnel
    /// heard nothing on it but heard the server on another link): the link is probed now (unless its next round
    /// is due sooner than a probe could time out), and the first failed round takes it down instead of the whole
    /// dead interval; a good round clears the hint. Only probes take a link down: a witness that is wrong costs a
    /// round, not a failover.
    /// </summary>
    /// <param name="link">The link.</param>
    /// <param name="cause">What the witness saw, for the link's cause.</param>
    public void Suspect(LinkWatch link, string cause)
    {
        link.Hint(cause);
    }

    /// <summary>Runs a failover drill: the link goes down now and stays down for <paramref name="durationMs"/>, so the plan moves off it as in a real outage.</summary>
    /// <param name="link">The link.</param>
    /// <param name="durationMs">How long.</param>
    public void Drill(LinkWatch link, long durationMs)
    {
        link.Drill(durationMs);
    }

    /// <summary>Ends a drill early: the link may rise again as soon as its probes pass.</summary>
    /// <param name="link">The link.</param>
    public void EndDrill(LinkWatch link)
    {
        link.EndDrill();
    }

    internal IProbeTransport TransportFor(ProbeKind kind, string iface)
    {
        for (int i = 0; i < _transports.Length; i++)
        {
            if (_transports[i].Supports(kind, iface))
            {
                return _transports[i];
            }
        }

        throw new ArgumentException("no probe transport for " + ProbeKinds.Name(kind) + " probes through " + iface + " on this platform");
    }

    internal void OnFirstMiss(LinkWatch link)
    {
        // Make sure every other usable link has answered or failed by the time this one's dead interval
        // ends, so the verdict need not wait for a slowly probed (idle metered) link's next round.
        long deadline = link.LastGoodAtMs + link.DeadIntervalMs;
        for (int i = 0; i < _links.Length; i++)
        {
            LinkWatch other = _links[i];
            if (other != link && other.State == LinkState.Up && other.CurrentIntervalMs + _loop.NowMs > deadline)
            {
                other.ProbeNow();
            }
        }
    }

    internal void OnDeadInterval(LinkWatch link)
    {
        string silent = "no good round for " + link.DeadIntervalMs.ToString() + " ms (" + link.Definition.Detection.Misses.ToString()
            + " x " + link.CurrentIntervalMs.ToString() + " ms + " + link.Definition.Detection.SkewMs.ToString() + " ms skew)";
        if (link.State != LinkState.Up)
        {
            if (link.State == LinkState.Unknown)
            {
                link.GoDown(silent + " since start");
            }

            return;
        }

        if (link.IsConfirmedFailing)
        {
            link.GoDown(silent + Witnessed(link));
            return;
        }

        bool anyOther = false;
        for (int i = 0; i < _links.Length; i++)
        {
            anyOther = anyOther || (_links[i] != link && _links[i].State == LinkState.Up);
        }

        if (!anyOther)
        {
            link.GoDown(silent + "; no other link up to compare with");
            return;
        }

        link.AwaitingCorroboration = true;
        CheckUpstream();
    }

    internal void OnGoodRound(LinkWatch link, long sentMs)
    {
        for (int i = 0; i < _links.Length; i++)
        {
            if (_links[i] != link)
            {
                _links[i].Witnessed(link, sentMs);
            }
        }

        if (UpstreamSuspected)
        {
            bool anyAwaiting = false;
            for (int i = 0; i < _links.Length; i++)
            {
                anyAwaiting = anyAwaiting || _links[i].AwaitingCorroboration;
            }

            if (!anyAwaiting)
            {
                UpstreamSuspected = false;
                Raise(null, LinkEventKind.UpstreamCleared, "\"" + link.Name + "\" answers again; links judged one by one again");
            }
        }
    }

    internal void Raise(LinkWatch? link, LinkEventKind kind, string cause)
    {
        LinkEvent e = new LinkEvent(_loop.NowMs, link == null ? "*" : link.Name, kind, link == null ? LinkState.Up : link.State, cause);
        LinkEventHandler? handler = EventRaised;
        if (handler != null)
        {
            handler(e);
        }

        LinkEventHandler? changed = StateChanged;
        if (changed != null && (kind == LinkEventKind.StateChanged || kind == LinkEventKind.Suppressed || kind == LinkEventKind.Reused))
        {
            changed(e);
        }
    }

    internal void OnConfirmed(LinkWatch link)
    {
        link.GoDown("no good round for " + (_loop.NowMs - link.LastGoodAtMs).ToString() + " ms" + Witnessed(link));
    }

    private static string Witnessed(LinkWatch link)
    {
        return " while \"" + link.Witness + "\" reached its targets";
    }

    private void CheckUpstream()
    {
        if (UpstreamSuspected)
        {
            return;
        }

        int up = 0;
        for (int i = 0; i < _links.Length; i++)
        {
            if (_links[i].State == LinkState.Up)
            {
                up++;
                if (!_links[i].AwaitingCorroboration)
                {
                    return;
                }
            }
        }

        UpstreamSuspected = true;
        Raise(null, LinkEventKind.UpstreamSuspected, "all " + up.ToString() + " links lost their probe targets at once: the targets or the upstream network are failing, not the links; no link taken down");
    }

    private void OnTransportCompleted(ProbeRequest request)
    {
        _loop.Post(_dispatch, request);
    }

    private void Dispatch(object? state)
    {
        ProbeRequest request = (ProbeRequest)state!;
        LinkWatch? link = request.Tag as LinkWatch;
        if (link != null)
        {
            link.OnCompleted(request);
        }
    }
}
