using NfBond.Firmware.Runtime;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Links;

/// <summary>
/// Probes one link in rounds and runs its detector: a round is good when k of its n targets answer;
/// the link goes down when no round has been good for the dead interval (and another link confirms the
/// targets are reachable, see <see cref="LinkMonitor"/>); it comes back after enough good rounds and
/// the hold-down, unless flap dampening holds it out.
/// </summary>
public sealed class LinkWatch
{
    private readonly LinkMonitor _monitor;
    private readonly EventLoop _loop;
    private readonly LinkDefinition _definition;
    private readonly ProbeRequest[] _requests;
    private readonly IProbeTransport[] _transports;
    private readonly bool[] _inFlight;
    private readonly LoopTimer _roundTimer;
    private readonly LoopTimer _dead;
    private long _round;
    private long _roundSentMs;
    private int _roundAnswers;
    private int _roundPending;
    private bool _roundDecided = true;
    private int _rise;
    private long _suspectSinceMs = -1;
    private long _lastBadSentMs = -1;
    private long _epochMs;
    private long _drillUntilMs = -1;
    private string _hint = "";

    internal LinkWatch(LinkMonitor monitor, EventLoop loop, LinkDefinition definition, DampeningSettings dampening)
    {
        _monitor = monitor;
        _loop = loop;
        _definition = definition;
        Dampener = new FlapDampener(dampening);
        Statistics = new LinkStatistics(64);
        _roundTimer = new LoopTimer(loop, OnRoundTimer);
        _dead = new LoopTimer(loop, OnDeadTimer);
        int n = definition.Targets.Length;
        _requests = new ProbeRequest[n];
        _transports = new IProbeTransport[n];
        _inFlight = new bool[n];
        for (int i = 0; i < n; i++)
        {
            ProbeTarget target = definition.Targets[i];
            ProbeRequest request = new ProbeRequest();
            request.Kind = target.Kind;
            request.Host = target.Host;
            request.Port = target.Port;
            request.Path = target.Path;
            request.Interface = definition.Interface;
            request.Mark = definition.Mark;
            request.Tag = this;
            _requests[i] = request;
            _transports[i] = monitor.TransportFor(target.Kind, definition.Interface);
        }

        CurrentIntervalMs = definition.Detection.IntervalMs;
        Cause = "starting";
    }

    /// <summary>Gets the link's configuration.</summary>
    public LinkDefinition Definition => _definition;

    /// <summary>Gets the link's name.</summary>
    public string Name => _definition.Name;

    /// <summary>Gets the detector's verdict.</summary>
    public LinkState State { get; private set; }

    /// <summary>Gets why the link is in its state.</summary>
    public string Cause { get; private set; }

    /// <summary>Gets when the link entered its state (loop time).</summary>
    public long StateSinceMs { get; private set; }

    /// <summary>Gets latency, loss and jitter over recent probes.</summary>
    public LinkStatistics Statistics { get; }

    /// <summary>Gets the flap dampening state.</summary>
    public FlapDampener Dampener { get; }

    /// <summary>Gets whether the link is up and not suppressed: it may carry traffic.</summary>
    public bool IsUsable => State == LinkState.Up && !Dampener.IsSuppressed;

    /// <summary>Gets whether the steering plan currently gives the link traffic.</summary>
    public bool IsCarrying { get; private set; }

    /// <summary>Gets whether the link's modem (if any) reports data ready.</summary>
    public bool IsModemReady { get; private set; } = true;

    /// <summary>Gets the probe interval in force (longer for an idle metered link).</summary>
    public int CurrentIntervalMs { get; private set; }

    /// <summary>Gets the time without a good round after which the link is declared down.</summary>
    public int DeadIntervalMs => _definition.Detection.Misses * CurrentIntervalMs + _definition.Detection.SkewMs;

    /// <summary>Gets when the last good round's answer arrived, or -1.</summary>
    public long LastGoodAtMs { get; private set; } = -1;

    /// <summary>Gets whether the dead interval passed and the verdict waits for another link to confirm the targets are reachable.</summary>
    public bool AwaitingCorroboration { get; internal set; }

    /// <summary>Gets the send time of the earliest good round of another link sent while this one was failing, or -1.</summary>
    public long WitnessSentMs { get; private set; } = -1;

    /// <summary>Gets the link that answered while this one failed, or "".</summary>
    public string Witness { get; private set; } = "";

    /// <summary>Gets whether a round of this link sent no earlier than the witness's good round failed: the link, not the targets, is at fault.</summary>
    public bool IsConfirmedFailing { get; private set; }

    /// <summary>Gets the probe rounds started.</summary>
    public long Rounds => _round;

    /// <summary>Gets the bytes the probes have cost on the wire (counted against a metered link's cap).</summary>
    public long ProbeBytes { get; private set; }

    // Rounds of all links fall on one time grid from a common epoch, so links with the same interval
    // probe at the same instants: the comparison of two links' rounds is then like for like.
    internal void Start(long epochMs)
    {
        _epochMs = epochMs;
        StateSinceMs = _loop.NowMs;
        _dead.Start(DeadIntervalMs);
        StartRound();
        ScheduleNextRound();
    }

    internal void Stop()
    {
        _roundTimer.Stop();
        _dead.Stop();
    }

    /// <summary>Starts an extra round now, so another link's suspicion is settled quickly; skipped when a round is open or the next is due before this one could time out.</summary>
    internal void ProbeNow()
    {
        if (!_roundDecided || !_roundTimer.IsArmed || _roundTimer.DueMs - _loop.NowMs <= _definition.Detection.TimeoutMs)
        {
            return;
        }

        StartRound();
    }

    internal void Hint(string cause)
    {
        if (State != LinkState.Up)
        {
            return;
        }

        _hint = cause;
        ProbeNow();
    }

    internal void Witnessed(LinkWatch witness, long sentMs)
    {
        // While this link's first doubtful round is still open, its failure would make it the suspect
        // from that round's send time on, so an answer to a round sent since then already counts.
        long since = _suspectSinceMs >= 0 ? _suspectSinceMs : (_roundDecided ? -1 : _roundSentMs);
        if (since < 0 || sentMs < since || WitnessSentMs >= 0)
        {
            return;
        }

        WitnessSentMs = sentMs;
        Witness = witness.Name;
        if (_lastBadSentMs >= sentMs)
        {
            Confirm();
        }
    }

    internal void SetCarrying(bool carrying)
    {
        IsCarrying = carrying;
        int factor = _definition.Metered && !carrying ? _definition.Detection.MeteredIdleFactor : 1;
        int interval = _definition.Detection.IntervalMs * factor;
        if (interval == CurrentIntervalMs)
        {
            return;
        }

        CurrentIntervalMs = interval;
        if (_roundTimer.IsArmed)
        {
            ScheduleNextRound();
        }

        if (_dead.IsArmed && LastGoodAtMs >= 0)
        {
            _dead.StartAt(LastGoodAtMs + DeadIntervalMs);
        }

        _monitor.Raise(this, LinkEventKind.ProbeRate, carrying
            ? "metered link carries traffic: probing every " + interval.ToString() + " ms"
            : "metered link idle: probing every " + interval.ToString() + " ms to save data");
    }

    internal void SetModemReady(bool ready, string cause)
    {
        if (ready == IsModemReady)
        {
            return;
        }

        IsModemReady = ready;
        _rise = 0;
        if (!ready && State != LinkState.Down)
        {
            GoDown("modem: " + cause);
        }
    }

    /// <summary>Takes the link out of service for a drill: it goes down at once and cannot rise until the drill ends.</summary>
    /// <param name="durationMs">How long the drill lasts.</param>
    internal void Drill(long durationMs)
    {
        _drillUntilMs = _loop.NowMs + durationMs;
        if (State != LinkState.Down)
        {
            GoDown("drill: taken out of service for " + (durationMs / 1000).ToString() + " s");
        }
    }

    /// <summary>Ends a drill early: the link rises again as soon as its probes pass.</summary>
    internal void EndDrill()
    {
        _drillUntilMs = -1;
    }

    internal void GoDown(string cause)
    {
        _hint = "";
        AwaitingCorroboration = false;
        IsConfirmedFailing = false;
        _rise = 0;
        _dead.Stop();
        SetState(LinkState.Down, cause);
        if (Dampener.RecordFlap(_loop.NowMs))
        {
            _monitor.Raise(this, LinkEventKind.Suppressed, "flapping: penalty " + Dampener.PenaltyAt(_loop.NowMs).ToString()
                + " reached " + _monitor.Dampening.SuppressAt.ToString() + "; held out of service for at least "
                + (Dampener.ReuseInMs(_loop.NowMs) / 1000).ToString() + " s");
        }
    }

    internal void OnCompleted(ProbeRequest request)
    {
        int i = IndexOf(request);
        if (i < 0)
        {
            return;
        }

        _inFlight[i] = false;
        if (request.Succeeded)
        {
            Statistics.AddAnswer(request.RttMicros);
        }
        else
        {
            Statistics.AddLoss();
        }

        if (request.Round != _round || _roundDecided)
        {
            return;
        }

        _roundPending--;
        if (request.Succeeded)
        {
            _roundAnswers++;
        }

        if (_roundAnswers >= _definition.Reliability)
        {
            _roundDecided = true;
            OnGoodRound();
        }
        else if (_roundPending == 0)
        {
            _roundDecided = true;
            OnBadRound();
        }
    }

    private void OnRoundTimer(LoopTimer timer)
    {
        StartRound();
        ScheduleNextRound();
    }

    private void ScheduleNextRound()
    {
        long interval = CurrentIntervalMs;
        _roundTimer.StartAt(_epochMs + ((_loop.NowMs - _epochMs) / interval + 1) * interval);
    }

    private void StartRound()
    {
        if (!_roundDecided)
        {
            _roundDecided = true;
            OnBadRound();
        }

        _round++;
        _roundSentMs = _loop.NowMs;
        _roundAnswers = 0;
        _roundPending = 0;
        _roundDecided = false;
        for (int i = 0; i < _requests.Length; i++)
        {
            if (_inFlight[i])
            {
                continue;
            }

            ProbeRequest request = _requests[i];
            request.Round = _round;
            request.TimeoutMs = _definition.Detection.TimeoutMs;
            request.Succeeded = false;
            request.RttMicros = 0;
            request.Error = "";
            _inFlight[i] = true;
            _roundPending++;
            ProbeBytes += _definition.Targets[i].WireBytes;
        }

        if (_roundPending == 0)
        {
            _roundDecided = true;
            OnBadRound();
            return;
        }

        // Sent after counting, so a transport that completes inside Send sees a consistent round.
        long round = _round;
        for (int i = 0; i < _requests.Length; i++)
        {
            if (_requests[i].Round == round && _inFlight[i])
            {
                _transports[i].Send(_requests[i]);
            }
        }
    }

    private void OnGoodRound()
    {
        LastGoodAtMs = _loop.NowMs;
        _hint = "";
        _suspectSinceMs = -1;
        WitnessSentMs = -1;
        Witness = "";
        IsConfirmedFailing = false;
        AwaitingCorroboration = false;
        _dead.Start(DeadIntervalMs);
        _rise++;
        if (State == LinkState.Unknown && IsModemReady)
        {
            SetState(LinkState.Up, Answered() + " on the first round");
        }
        else if (State == LinkState.Down)
        {
            TryRise();
        }

        _monitor.OnGoodRound(this, _roundSentMs);
    }

    private void OnBadRound()
    {
        _rise = 0;
        _lastBadSentMs = _roundSentMs;
        if (_suspectSinceMs < 0)
        {
            _suspectSinceMs = _roundSentMs;
            _monitor.OnFirstMiss(this);
        }

        if (WitnessSentMs >= 0 && _roundSentMs >= WitnessSentMs)
        {
            Confirm();
        }

        // The witness already saw the link fail while another carried; a failed round of our own agrees.
        if (_hint.Length > 0 && State == LinkState.Up)
        {
            GoDown("a probe round failed after " + _hint);
        }
    }

    private void Confirm()
    {
        if (IsConfirmedFailing)
        {
            return;
        }

        IsConfirmedFailing = true;
        if (AwaitingCorroboration)
        {
            _monitor.OnConfirmed(this);
        }
    }

    private void TryRise()
    {
        long now = _loop.NowMs;
        if (!IsModemReady || now < _drillUntilMs)
        {
            return;
        }

        if (Dampener.IsSuppressed)
        {
            if (!Dampener.TryReuse(now))
            {
                return;
            }

            _monitor.Raise(this, LinkEventKind.Reused, "flap penalty decayed to " + Dampener.PenaltyAt(now).ToString() + "; back in service when it keeps answering");
        }

        DetectionSettings d = _definition.Detection;
        if (_rise >= d.Rise && now - StateSinceMs >= d.UpHoldMs)
        {
            SetState(LinkState.Up, _rise.ToString() + " good rounds in a row (" + Answered() + ") after " + DecimalText.Scaled((now - StateSinceMs) / 100, 1) + " s down");
        }
    }

    private void OnDeadTimer(LoopTimer timer)
    {
        _monitor.OnDeadInterval(this);
    }

    private void SetState(LinkState state, string cause)
    {
        if (state == State)
        {
            return;
        }

        State = state;
        Cause = cause;
        StateSinceMs = _loop.NowMs;
        _monitor.Raise(this, LinkEventKind.StateChanged, cause);
    }

    private string Answered()
    {
        return _roundAnswers.ToString() + " of " + _requests.Length.ToString() + " targets answered";
    }

    private int IndexOf(ProbeRequest request)
    {
        for (int i = 0; i < _requests.Length; i++)
        {
            if (_requests[i] == request)
            {
                return i;
            }
        }

        return -1;
    }
}
