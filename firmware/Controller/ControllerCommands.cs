using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Telemetry;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Controller;

/// <summary>
/// The signed commands a controller executes (docs/protocol.md): <c>resync</c>, <c>run_drill</c>,
/// <c>reboot</c>, <c>set_config</c>. Each answer is null on success, else the reason sent back on cmd/res.
/// </summary>
public sealed class ControllerCommands
{
    private const long DefaultDrillSeconds = 10;
    private const long MaxDrillSeconds = 600;

    private readonly Controller _controller;
    private readonly IControllerPlatform _platform;
    private readonly TelemetryOptions _telemetry;
    private FailoverDrill? _drill;

    /// <summary>Creates the handlers for one controller.</summary>
    /// <param name="controller">The controller.</param>
    /// <param name="platform">Its platform (storage, restart).</param>
    /// <param name="telemetry">Its telemetry options (the config hash follows a stored site file).</param>
    public ControllerCommands(Controller controller, IControllerPlatform platform, TelemetryOptions telemetry)
    {
        _controller = controller;
        _platform = platform;
        _telemetry = telemetry;
    }

    /// <summary>Executes one verified command.</summary>
    /// <param name="command">The command.</param>
    /// <returns>Null when done, else why not.</returns>
    public string? Handle(TelemetryCommand command)
    {
        switch (command.Name)
        {
            case "resync":
                _controller.Agent!.PublishState();
                return null;
            case "run_drill":
                return Drill(command);
            case "reboot":
                // After the answer is on its way: the restart tears down the agent that sends it.
                _controller.Loop.Post(Restart, null);
                return null;
            case "set_config":
                return SetConfig(command);
            default:
                return "unknown command \"" + command.Name + "\"; known: resync, run_drill, reboot, set_config";
        }
    }

    private void Restart(object? state)
    {
        _platform.Restart("reboot command");
    }

    private string? Drill(TelemetryCommand command)
    {
        LinkWatch[] links = _controller.Monitor.Links;
        object? named = command.Args != null ? command.Args.Get("link") : null;
        string name = named as string ?? links[0].Definition.Name;
        LinkWatch? link = _controller.Monitor.Find(name);
        if (link == null)
        {
            return "no link \"" + name + "\"";
        }

        object? given = command.Args != null ? command.Args.Get("seconds") : null;
        long seconds = given is long ? (long)given : DefaultDrillSeconds;
        if (seconds < 1 || seconds > MaxDrillSeconds)
        {
            return "args.seconds " + seconds.ToString() + " is not allowed; 1 to " + MaxDrillSeconds.ToString();
        }

        if (_drill == null)
        {
            // Made on the first drill: a controller that is never drilled spends no memory on it.
            _drill = new FailoverDrill(_controller);
        }

        return _drill.Start(link, seconds * 1000);
    }

    private string? SetConfig(TelemetryCommand command)
    {
        string? text = command.Args != null ? command.Args.Get("site") as string : null;
        if (text == null)
        {
            return "set_config needs args.site: the site file as a JSON string";
        }

        SiteReadResult read = SiteDefinitionReader.Read(text);
        if (read.Site == null)
        {
            return "invalid site file: " + StringUtil.Join("; ", read.Problems.ToArray());
        }

        string? failed = _platform.Storage.Write(Controller.SiteFileName, text);
        if (failed != null)
        {
            return "could not store the site file: " + failed;
        }

        // Births from now on report the stored file, so the fleet does not send it again; it takes effect on restart.
        _telemetry.ConfigHash = SiteFileHash.Of(text);
        return null;
    }
}
