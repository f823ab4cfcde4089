using System.Text.Json;

namespace NfBond.Aggregator.Api;

/// <summary>
/// The commands the API signs for a controller, with their arguments' names, types and ranges: anything
/// else is refused before it is signed (an API token once got <c>format_disk</c> signed and delivered).
/// A site's configuration goes through the config registry (<c>PUT /api/sites/{site}/config</c>), which
/// validates, versions and sends it, never as a raw <c>set_config</c>.
/// </summary>
public static class CommandRules
{
    /// <summary>The command names the API sends.</summary>
    public static readonly string[] Allowed = ["resync", "run_drill", "reboot"];

    /// <summary>Checks a command and its arguments.</summary>
    /// <param name="command">The command's name.</param>
    /// <param name="args">Its arguments (an object).</param>
    /// <returns>Null when it may be sent, else what is wrong and what is allowed.</returns>
    public static string? Check(string command, JsonElement args)
    {
        if (command == "set_config")
        {
            return "set_config is not sent through this endpoint: PUT the site file to /api/sites/{site}/config, where it is checked, versioned and sent";
        }

        if (!Allowed.Contains(command))
        {
            return $"unknown command \"{command}\"; allowed: {string.Join(", ", Allowed)}";
        }

        foreach (JsonProperty arg in args.EnumerateObject())
        {
            string? wrong = (command, arg.Name) switch
            {
                ("run_drill", "link") => arg.Value.ValueKind == JsonValueKind.String && arg.Value.GetString()!.Length is >= 1 and <= 64 ? null : "a link name (string, 1-64 characters)",
                ("run_drill", "seconds") => arg.Value.ValueKind == JsonValueKind.Number && arg.Value.TryGetInt32(out int s) && s is >= 1 and <= 3600 ? null : "whole seconds from 1 to 3600",
                _ => "",
            };
            if (wrong == "")
            {
                return command == "run_drill"
                    ? $"run_drill takes \"link\" and \"seconds\", not \"{arg.Name}\""
                    : $"{command} takes no arguments, not \"{arg.Name}\"";
            }

            if (wrong != null)
            {
                return $"{command} \"{arg.Name}\": {arg.Value.GetRawText()} is not allowed; {wrong}";
            }
        }

        return null;
    }
}
