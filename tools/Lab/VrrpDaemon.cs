using System.Diagnostics;

namespace NfBond.Lab;

/// <summary>
/// A VRRP daemon (keepalived or <c>nfbond vrrp</c>) running in a namespace; its output lines are read
/// and every state change is timestamped with the lab's clock on arrival.
/// </summary>
public sealed class VrrpDaemon : IDisposable
{
    private readonly Process _process;
    private readonly Func<string, string?> _stateOf;
    private readonly List<(long AtTicks, string State)> _states = [];
    private readonly List<string> _lines = [];
    private bool _disposed;

    internal VrrpDaemon(string ns, string[] command, Func<string, string?> stateOf)
    {
        _stateOf = stateOf;
        ProcessStartInfo info = new("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "netns", "exec", ns }.Concat(command))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + command[0]);
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Gets the latest state reported ("backup", "master", ...), or "" before any.</summary>
    public string State
    {
        get
        {
            lock (_states)
            {
                return _states.Count == 0 ? "" : _states[^1].State;
            }
        }
    }

    /// <summary>Gets everything the daemon printed.</summary>
    public string Output
    {
        get
        {
            lock (_states)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits for a state entered after a moment.</summary>
    /// <param name="state">The state.</param>
    /// <param name="afterTicks">Stopwatch ticks; 0 for any time.</param>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <returns>When it was reported (Stopwatch ticks), or null.</returns>
    public long? WaitFor(string state, long afterTicks, int timeoutMs)
    {
        Stopwatch waited = Stopwatch.StartNew();
        do
        {
            lock (_states)
            {
                foreach ((long at, string s) in _states)
                {
                    if (at > afterTicks && s == state)
                    {
                        return at;
                    }
                }
            }

            Thread.Sleep(2);
        }
        while (waited.ElapsedMilliseconds < timeoutMs);
        return null;
    }

    /// <summary>Kills the daemon without letting it resign (a crashed or unplugged router).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            // ip netns exec replaces itself with the daemon, so this is the daemon's own pid.
            Process.Start("kill", ["-KILL", _process.Id.ToString()])?.WaitForExit();
            _process.WaitForExit(5000);
        }
    }

    /// <summary>Stops the daemon gracefully (it resigns with priority 0) and waits.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(true);
            }
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line == null)
        {
            return;
        }

        long at = Stopwatch.GetTimestamp();
        string? state = _stateOf(line);
        lock (_states)
        {
            _lines.Add(line);
            if (state != null)
            {
                _states.Add((at, state));
            }
        }
    }
}
