using System;
using System.Globalization;
using System.Threading;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Sends a site's LAN traffic into the tunnel while the server is heard on some path, and lets it fall back
/// to plain multi-WAN steering (the steering executor's per-link rules, which sit below this one) while it is
/// heard on none; back into the tunnel when the server answers again. One rule does it: <c>iif LAN lookup
/// TABLE</c>, added and deleted; the table's default route points into the TUN interface, and LAN traffic into
/// it is masqueraded to the tunnel's address.
/// </summary>
/// <remarks>
/// The <c>ip</c> commands run on a thread of their own, so the tunnel's timer and readers never wait for
/// them; it applies the latest state, so a path that flaps costs at most one change per command's run. A flow
/// keeps the address it started with: connections open when the route changes restart, as on a failed link.
/// </remarks>
public sealed class BondRouting : IDisposable
{
    private readonly BondEndpoint _endpoint;
    private readonly BondFallback _fallback;
    private readonly string _tun;
    private readonly Action<string> _report;
    private readonly AutoResetEvent _changed = new(true);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _engaged;
    private long _switches;

    /// <summary>Sets up the tunnel's table and masquerading and starts following the endpoint's paths.</summary>
    /// <param name="endpoint">The site's tunnel end.</param>
    /// <param name="tun">Its TUN interface.</param>
    /// <param name="fallback">The LAN, table and rule.</param>
    /// <param name="report">Told each change and each failed command, in words.</param>
    public BondRouting(BondEndpoint endpoint, string tun, BondFallback fallback, Action<string> report)
    {
        _endpoint = endpoint;
        _fallback = fallback;
        _tun = tun;
        _report = report;
        // A rule left behind by a process that was killed would send the LAN into a tunnel nobody serves.
        DeleteRule();
        Step("ip", ["route", "replace", "default", "dev", tun, "table", Table]);
        Step("nft", ["-f", "-"], $"table ip {fallback.NftTable} {{}}\ndelete table ip {fallback.NftTable}\n"
            + $"table ip {fallback.NftTable} {{\n  chain out {{\n    type nat hook postrouting priority srcnat; policy accept;\n    iifname \"{fallback.Lan}\" oifname \"{tun}\" masquerade\n  }}\n}}\n");
        endpoint.PathChanged += OnPathChanged;
        _thread = new Thread(Follow) { IsBackground = true, Name = "bond routing" };
        _thread.Start();
    }

    /// <summary>Gets whether LAN traffic goes into the tunnel now.</summary>
    public bool Engaged => Volatile.Read(ref _engaged);

    /// <summary>Gets how many times the LAN's traffic changed between the tunnel and plain steering.</summary>
    public long Switches => Interlocked.Read(ref _switches);

    private string Table => _fallback.Table.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stops following and hands the LAN back to plain steering (rule, masquerading removed).</summary>
    public void Dispose()
    {
        _endpoint.PathChanged -= OnPathChanged;
        _stopping = true;
        _changed.Set();
        _thread.Join();
        DeleteRule();
        CommandRunner.Run("nft", ["delete", "table", "ip", _fallback.NftTable]);
        _changed.Dispose();
    }

    private void OnPathChanged(int path, bool alive) => _changed.Set();

    private void Follow()
    {
        bool failed = false;
        while (true)
        {
            // After a failed command, try again each second even without a change.
            _changed.WaitOne(failed ? 1000 : Timeout.Infinite);
            if (_stopping)
            {
                return;
            }

            bool reachable = false;
            for (int p = 0; p < _endpoint.PathCount; p++)
            {
                reachable |= _endpoint.IsAlive(p);
            }

            if (reachable == _engaged)
            {
                failed = false;
                continue;
            }

            failed = !(reachable
                ? Step("ip", ["rule", "add", "iif", _fallback.Lan, "lookup", Table, "pref", _fallback.RulePreference.ToString(CultureInfo.InvariantCulture)])
                : DeleteRule());
            if (!failed)
            {
                Volatile.Write(ref _engaged, reachable);
                Interlocked.Increment(ref _switches);
                _report(reachable
                    ? $"the server answers: {_fallback.Lan}'s traffic goes into {_tun}"
                    : $"the server answers on no path: {_fallback.Lan}'s traffic falls back to plain multi-WAN steering");
            }
        }
    }

    // Deleting a rule that is not there is fine (exit 2: "No such file or directory").
    private bool DeleteRule()
    {
        (int exit, string error) = CommandRunner.Run("ip", ["rule", "del", "pref", _fallback.RulePreference.ToString(CultureInfo.InvariantCulture)]);
        if (exit == 0 || error.Contains("No such file", StringComparison.Ordinal))
        {
            return true;
        }

        _report($"ip rule del pref {_fallback.RulePreference}: exit {exit}: {error}");
        return false;
    }

    private bool Step(string program, string[] args, string? stdin = null)
    {
        (int exit, string error) = CommandRunner.Run(program, args, stdin);
        if (exit != 0)
        {
            _report($"{CommandRunner.Describe(program, args)}: exit {exit}: {error}");
        }

        return exit == 0;
    }
}
