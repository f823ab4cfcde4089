using System.Diagnostics;
using System.Text.Json;

namespace NfBond.Lab;

/// <summary>
/// The controller (<c>nfbond controller --config</c>) running inside the router namespace as its own process, as it
/// would on a real router. Its JSON event lines are timestamped on arrival with the lab's clock.
/// </summary>
public sealed class ControllerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(long AtTicks, JsonElement Event)> _events = [];
    private readonly List<string> _stderr = [];

    /// <summary>Starts the controller.</summary>
    /// <param name="command">How to start nfbond (e.g. dotnet exec nfbond.dll).</param>
    /// <param name="siteFile">The site file.</param>
    /// <param name="options">More options of <c>nfbond controller</c> (e.g. the broker to report to).</param>
    public ControllerProcess(string[] command, string siteFile, params string[] options)
    {
        ProcessStartInfo info = new("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "netns", "exec", LabTopology.Router }.Concat(command).Concat(["controller", "--config", siteFile]).Concat(options))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start the controller");
        _process.OutputDataReceived += (_, e) =>
        {
            long at = Stopwatch.GetTimestamp();
            if (string.IsNullOrEmpty(e.Data))
            {
                return;
            }

            try
            {
                JsonElement element = JsonDocument.Parse(e.Data).RootElement.Clone();
                lock (_events)
                {
                    _events.Add((at, element));
                }
            }
            catch (JsonException)
            {
                lock (_stderr)
                {
                    _stderr.Add("stdout: " + e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Gets whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets what the controller wrote to standard error (and stray output).</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Finds the first event after a moment that matches.</summary>
    /// <param name="afterTicks">Stopwatch ticks.</param>
    /// <param name="match">The condition.</param>
    /// <returns>The event's arrival ticks, or null.</returns>
    public long? FirstAfter(long afterTicks, Func<JsonElement, bool> match)
    {
        lock (_events)
        {
            foreach ((long at, JsonElement e) in _events)
            {
                if (at > afterTicks && match(e))
                {
                    return at;
                }
            }
        }

        return null;
    }

    /// <summary>Tests for a plan event giving a link the whole traffic.</summary>
    /// <param name="e">The event.</param>
    /// <param name="link">The link name.</param>
    /// <returns>True if it is such a plan.</returns>
    public static bool IsPlanAllOn(JsonElement e, string link) =>
        e.GetProperty("type").GetString() == "plan" && e.GetProperty("weights").TryGetProperty(link, out JsonElement w) && w.GetInt32() == 1000;

    /// <summary>Tests for a link state event.</summary>
    /// <param name="e">The event.</param>
    /// <param name="link">The link name.</param>
    /// <param name="state">"up" or "down".</param>
    /// <returns>True if it matches.</returns>
    public static bool IsState(JsonElement e, string link, string state) =>
        e.GetProperty("type").GetString() == "link" && e.GetProperty("event").GetString() == "state"
        && e.GetProperty("link").GetString() == link && e.GetProperty("state").GetString() == state;

    /// <summary>Stops the controller (SIGTERM through ip netns exec, so it removes its rules) and waits.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(true);
            }
        }

        _process.Dispose();
    }
}
