using System.Collections;
using System.Threading;
using System;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.At;

/// <summary>
/// Talks AT to one modem: runs <see cref="AtScript"/>s one command at a time, routes every received line
/// to the command in flight or to the URC handlers, and resynchronises after a timeout so that a late
/// <c>OK</c> never completes the next command.
/// </summary>
/// <remarks>
/// <para>The serial line's reader thread only posts a drain request; framing, matching and every callback
/// run on the event loop. A line goes, in order: dropped if it is the echo of the command; to the script's
/// abort list; to the command in flight (final result, then response prefix and filter); otherwise to
/// the URC handler with the longest matching prefix.</para>
/// <para>After a timeout the engine sends <c>AT</c>, waits for a final result, then waits for a quiet window
/// in which further final results are discarded. Until that succeeds nothing else is sent, so a dead
/// modem costs one short <c>AT</c> per script, not one full timeout per command.</para>
/// </remarks>
public sealed class AtEngine : IAtLineSink
{
    private static readonly byte[] s_resyncRequest = { (byte)'A', (byte)'T', (byte)'\r' };
    private static readonly byte[] s_ctrlZ = { 0x1A };

    private readonly EventLoop _loop;
    private readonly ISerialLine _serial;
    private readonly AtEngineOptions _options;
    private readonly AtLineFramer _framer;
    private readonly ArrayList _queue = new ArrayList();
    private readonly LoopTimer _timer;
    private readonly byte[] _readBuffer;

    // Requests are printable ASCII (AtStep checks), so the engine writes them through one buffer
    // instead of every step holding its own bytes.
    private byte[] _sendBuffer = new byte[64];
    private readonly LoopAction _drainAction;
    private string[] _urcPrefixes = StringUtil.NewArray(8, string.Empty);
    private AtLineHandler[] _urcHandlers = new AtLineHandler[8];
    private int _urcCount;
    private int _drainPosted;
    private Phase _phase;
    private AtScript? _current;
    private string? _lastRequest;
    private bool _needsResync;

    /// <summary>Creates an engine on <paramref name="serial"/>; the caller opens the line.</summary>
    /// <param name="loop">The loop all callbacks run on.</param>
    /// <param name="serial">The UART to the modem.</param>
    /// <param name="options">Tuning, or null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="loop"/> or <paramref name="serial"/> is null.</exception>
    public AtEngine(EventLoop loop, ISerialLine serial, AtEngineOptions? options)
    {
        if (loop == null)
        {
            throw new ArgumentNullException(nameof(loop));
        }

        if (serial == null)
        {
            throw new ArgumentNullException(nameof(serial));
        }

        _loop = loop;
        _serial = serial;
        _options = options ?? new AtEngineOptions();
        _framer = new AtLineFramer(this, _options.MaxLineLength);
        _readBuffer = new byte[_options.ReadBufferSize];
        _timer = new LoopTimer(loop, OnTimer);
        _drainAction = Drain;
        _serial.DataReceived += OnDataReceived;
    }

    private enum Phase
    {
        Idle,
        Delay,
        AwaitFinal,
        AwaitDeferred,
        Resync,
        Quiet,
    }

    /// <summary>Gets or sets who sees lines that are neither a response nor a registered URC.</summary>
    public AtLineHandler? UnhandledLine { get; set; }

    /// <summary>Gets whether a script is running or queued.</summary>
    public bool IsBusy => _current != null || _queue.Count > 0;

    /// <summary>Gets the script running now, or null.</summary>
    public AtScript? Current => _current;

    /// <summary>Gets how many commands in a row got no answer (reset by any final result).</summary>
    public int ConsecutiveTimeouts { get; private set; }

    /// <summary>Gets how many commands timed out since start.</summary>
    public long Timeouts { get; private set; }

    /// <summary>Gets how many lines arrived.</summary>
    public long LinesReceived { get; private set; }

    /// <summary>Gets how many URCs were dispatched to a handler.</summary>
    public long UrcsDispatched { get; private set; }

    /// <summary>Gets how many lines no one claimed.</summary>
    public long UnhandledLines { get; private set; }

    /// <summary>Gets how many final results arrived with no command waiting (late answers) and were dropped.</summary>
    public long StaleResults { get; private set; }

    /// <summary>Gets how many echoed commands were dropped.</summary>
    public long EchoesDropped { get; private set; }

    /// <summary>Gets how many noise bytes (outside printable ASCII) were dropped.</summary>
    public long NoiseBytes => _framer.NoiseBytes;

    /// <summary>Gets how many lines were dropped for exceeding <see cref="AtEngineOptions.MaxLineLength"/>.</summary>
    public long OverlongLines => _framer.OverlongLines;

    /// <summary>Gets how many bytes were sent.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Gets whether the engine will resynchronise before the next command.</summary>
    public bool NeedsResync => _needsResync;

    /// <summary>Routes lines starting with <paramref name="prefix"/> to <paramref name="handler"/> when no command claims them.</summary>
    /// <param name="prefix">The URC prefix, e.g. <c>+CEREG:</c> or <c>RDY</c>.</param>
    /// <param name="handler">Called on the loop thread.</param>
    /// <exception cref="ArgumentException">The prefix is empty or already registered.</exception>
    public void AddUrcHandler(string prefix, AtLineHandler handler)
    {
        if (prefix == null || prefix.Length == 0 || handler == null)
        {
            throw new ArgumentException("a URC handler needs a prefix and a handler");
        }

        for (int i = 0; i < _urcCount; i++)
        {
            if (_urcPrefixes[i] == prefix)
            {
                throw new ArgumentException("URC prefix " + prefix + " already has a handler");
            }
        }

        if (_urcCount == _urcPrefixes.Length)
        {
            string[] prefixes = StringUtil.NewArray(_urcCount * 2, string.Empty);
            AtLineHandler[] handlers = new AtLineHandler[_urcCount * 2];
            Array.Copy(_urcPrefixes, prefixes, _urcCount);
            Array.Copy(_urcHandlers, handlers, _urcCount);
            _urcPrefixes = prefixes;
            _urcHandlers = handlers;
        }

        _urcPrefixes[_urcCount] = prefix;
        _urcHandlers[_urcCount] = handler;
        _urcCount++;
    }

    /// <summary>Queues <paramref name="script"/>; it starts when the scripts before it have ended.</summary>
    /// <param name="script">The script; its result fields are reset.</param>
    /// <exception cref="InvalidOperationException">The script is already queued or running.</exception>
    public void Run(AtScript script)
    {
        if (script.IsBusy)
        {
            throw new InvalidOperationException("script " + script.Name + " is already queued or running");
        }

        script.Begin();
        _queue.Add(script);
        StartNext();
    }

    /// <summary>
    /// Ends the running and queued scripts as <see cref="AtResult.Cancelled"/> and forgets any partial line.
    /// If a command was in flight the next script resynchronises first, in case its answer still comes.
    /// </summary>
    /// <param name="reason">Stored as each script's <see cref="AtScript.ErrorText"/>.</param>
    public void CancelAll(string reason)
    {
        // A command the modem is still working on would answer into the next script: resync first.
        _needsResync = _needsResync || _phase != Phase.Idle;
        _timer.Stop();
        _phase = Phase.Idle;
        _framer.Reset();
        _lastRequest = null;
        ConsecutiveTimeouts = 0;
        AtScript? running = _current;
        _current = null;
        if (running != null)
        {
            Complete(running, AtResult.Cancelled, reason);
        }

        while (_queue.Count > 0)
        {
            AtScript queued = (AtScript)_queue[0]!;
            _queue.RemoveAt(0);
            Complete(queued, AtResult.Cancelled, reason);
        }
    }

    /// <inheritdoc/>
    public void OnLine(AtLine line)
    {
        LinesReceived++;
        if (_lastRequest != null && line.IsIgnoreCase(_lastRequest))
        {
            EchoesDropped++;
            return;
        }

        AtResult final = AtFinalResult.Classify(line);
        if (_current != null && IsAbort(_current, line))
        {
            AtScript aborted = _current;
            _current = null;
            _timer.Stop();
            _phase = Phase.Idle;
            aborted.Fail(AtResult.Aborted, -1, "aborted by \"" + line.Text + "\" during " + aborted.Steps[aborted.StepIndex].Shown);
            Finish(aborted);
            DispatchUrc(line);
            return;
        }

        switch (_phase)
        {
            case Phase.AwaitFinal:
                if (final != AtResult.Pending)
                {
                    OnFinal(final, line);
                    return;
                }

                AtStep step = _current!.Steps[_current.StepIndex];
                if (IsResponse(step, line))
                {
                    if (step.OnResponse != null)
                    {
                        step.OnResponse(line);
                    }

                    return;
                }

                break;

            case Phase.AwaitDeferred:
                AtStep deferred = _current!.Steps[_current.StepIndex];
                if (line.StartsWith(deferred.DeferredPrefix!))
                {
                    if (deferred.OnDeferred == null || deferred.OnDeferred(line))
                    {
                        NextStep();
                    }

                    return;
                }

                break;

            case Phase.Resync:
                if (final != AtResult.Pending)
                {
                    ConsecutiveTimeouts = 0;
                    _phase = Phase.Quiet;
                    _timer.Start(_options.QuietWindowMs);
                    return;
                }

                break;

            case Phase.Quiet:
                if (final != AtResult.Pending)
                {
                    StaleResults++;
                    _timer.Start(_options.QuietWindowMs);
                    return;
                }

                break;

            default:
                // NO CARRIER with no command waiting is the network ending a call: a URC, not a stale result.
                if (final != AtResult.Pending && final != AtResult.NoCarrier)
                {
                    StaleResults++;
                    return;
                }

                break;
        }

        DispatchUrc(line);
    }

    /// <inheritdoc/>
    public void OnPrompt()
    {
        if (_phase != Phase.AwaitFinal)
        {
            return;
        }

        byte[]? payload = _current!.Steps[_current.StepIndex].Payload;
        if (payload != null)
        {
            Write(payload);
            Write(s_ctrlZ);
        }
    }

    private void OnDataReceived(ISerialLine line)
    {
        if (Interlocked.Exchange(ref _drainPosted, 1) == 0)
        {
            _loop.Post(_drainAction, null);
        }
    }

    private void Drain(object? state)
    {
        Interlocked.Exchange(ref _drainPosted, 0);
        while (true)
        {
            int n = _serial.Read(_readBuffer, 0, _readBuffer.Length);
            if (n <= 0)
            {
                return;
            }

            _framer.Feed(_readBuffer, 0, n);
        }
    }

    private void StartNext()
    {
        if (_current != null || _queue.Count == 0)
        {
            return;
        }

        _current = (AtScript)_queue[0]!;
        _queue.RemoveAt(0);
        BeginStep();
    }

    private void BeginStep()
    {
        if (_needsResync)
        {
            _phase = Phase.Resync;
            _lastRequest = "AT";
            Write(s_resyncRequest);
            _timer.Start(_options.ResyncTimeoutMs);
            return;
        }

        AtStep step = _current!.Steps[_current.StepIndex];
        if (step.DelayBeforeMs > 0)
        {
            _phase = Phase.Delay;
            _timer.Start(step.DelayBeforeMs);
            return;
        }

        Send(step);
    }

    private void Send(AtStep step)
    {
        _phase = Phase.AwaitFinal;
        string request = step.Request;
        _lastRequest = request;
        if (_sendBuffer.Length < request.Length + 1)
        {
            _sendBuffer = new byte[request.Length + 1];
        }

        for (int i = 0; i < request.Length; i++)
        {
            _sendBuffer[i] = (byte)request[i];
        }

        _sendBuffer[request.Length] = (byte)'\r';
        Write(_sendBuffer, request.Length + 1);
        _timer.Start(step.TimeoutMs);
    }

    private void Write(byte[] bytes)
    {
        Write(bytes, bytes.Length);
    }

    private void Write(byte[] bytes, int count)
    {
        _serial.Write(bytes, 0, count);
        BytesSent += count;
    }

    private void OnTimer(LoopTimer timer)
    {
        switch (_phase)
        {
            case Phase.Delay:
                Send(_current!.Steps[_current.StepIndex]);
                break;

            case Phase.AwaitFinal:
                AtStep step = _current!.Steps[_current.StepIndex];
                CountTimeout();
                FailCurrent(AtResult.Timeout, -1, "no answer to " + step.Shown + " within " + step.TimeoutMs + " ms");
                break;

            case Phase.AwaitDeferred:
                AtStep deferred = _current!.Steps[_current.StepIndex];
                FailCurrent(AtResult.DeferredTimeout, -1, "no " + deferred.DeferredPrefix + " result within " + deferred.DeferredTimeoutMs + " ms after OK to " + deferred.Shown);
                break;

            case Phase.Resync:
                CountTimeout();
                FailCurrent(AtResult.Timeout, -1, "modem silent: no answer to AT within " + _options.ResyncTimeoutMs + " ms while resynchronising");
                break;

            case Phase.Quiet:
                _needsResync = false;
                _phase = Phase.Idle;
                if (_current != null)
                {
                    BeginStep();
                }
                else
                {
                    StartNext();
                }

                break;

            default:
                break;
        }
    }

    private void CountTimeout()
    {
        Timeouts++;
        ConsecutiveTimeouts++;
        _needsResync = true;
    }

    private void OnFinal(AtResult final, AtLine line)
    {
        ConsecutiveTimeouts = 0;
        AtStep step = _current!.Steps[_current.StepIndex];
        if (final == AtResult.Ok || final == AtResult.Connect)
        {
            if (step.DeferredPrefix != null && final == AtResult.Ok)
            {
                _phase = Phase.AwaitDeferred;
                _timer.Start(step.DeferredTimeoutMs);
                return;
            }

            NextStep();
            return;
        }

        if (step.Optional)
        {
            NextStep();
            return;
        }

        int code = -1;
        string text;
        if (final == AtResult.CmeError || final == AtResult.CmsError)
        {
            code = AtFinalResult.ErrorCode(line);
            string? known = final == AtResult.CmeError ? AtErrors.TextOf(code) : null;
            text = step.Shown + ": " + (known ?? line.Text);
        }
        else
        {
            text = step.Shown + ": " + line.Text;
        }

        FailCurrent(final, code, text);
    }

    private void NextStep()
    {
        AtScript script = _current!;
        script.StepIndex++;
        if (script.StepIndex < script.Steps.Length)
        {
            BeginStep();
            return;
        }

        script.StepIndex--;
        _timer.Stop();
        _phase = Phase.Idle;
        _current = null;
        script.Succeed(AtResult.Ok);
        Finish(script);
    }

    private void FailCurrent(AtResult result, int code, string text)
    {
        AtScript script = _current!;
        _timer.Stop();
        _phase = Phase.Idle;
        _current = null;
        script.Fail(result, code, text);
        Finish(script);
    }

    private void Complete(AtScript script, AtResult result, string text)
    {
        script.Fail(result, -1, text);
        script.IsBusy = false;
        if (script.Completed != null)
        {
            script.Completed(script);
        }
    }

    private void Finish(AtScript script)
    {
        script.IsBusy = false;
        if (script.Completed != null)
        {
            script.Completed(script);
        }

        StartNext();
    }

    private bool IsResponse(AtStep step, AtLine line)
    {
        string? prefix = step.ResponsePrefix;
        if (prefix == null)
        {
            return false;
        }

        if (prefix.Length == 0)
        {
            return line[0] != '+' && FindUrc(line) < 0;
        }

        return line.StartsWith(prefix) && (step.ResponseFilter == null || step.ResponseFilter(line));
    }

    private static bool IsAbort(AtScript script, AtLine line)
    {
        string[]? aborts = script.Aborts;
        if (aborts == null)
        {
            return false;
        }

        for (int i = 0; i < aborts.Length; i++)
        {
            if (line.StartsWith(aborts[i]))
            {
                return true;
            }
        }

        return false;
    }

    private int FindUrc(AtLine line)
    {
        int best = -1;
        for (int i = 0; i < _urcCount; i++)
        {
            if (line.StartsWith(_urcPrefixes[i]) && (best < 0 || _urcPrefixes[i].Length > _urcPrefixes[best].Length))
            {
                best = i;
            }
        }

        return best;
    }

    private void DispatchUrc(AtLine line)
    {
        int index = FindUrc(line);
        if (index >= 0)
        {
            UrcsDispatched++;
            _urcHandlers[index](line);
            return;
        }

        UnhandledLines++;
        if (UnhandledLine != null)
        {
            UnhandledLine(line);
        }
    }
}
