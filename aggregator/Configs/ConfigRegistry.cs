using System.Text.Json;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;
using NfBond.Firmware.Config;
using Prometheus;

namespace NfBond.Aggregator.Configs;

/// <summary>
/// Each site's controller configuration (its site file), versioned. A new version (or a rollback, which
/// is a new version with an old text) is validated like <c>nfbond config validate</c> and sent to the
/// site's controllers as a signed <c>set_config</c>. A controller whose birth reports another
/// <c>config_hash</c> than the latest version (a replacement board given the site's identity, a unit that
/// was offline during a change) receives the latest version as it connects.
/// </summary>
public sealed class ConfigRegistry
{
    private static readonly Counter s_pushes = Metrics.CreateCounter("nfbond_config_pushes_total", "set_config commands sent, by why.", "reason");
    private readonly IFleetStore _store;
    private readonly CommandSender _commands;
    private readonly TextWriter _log;

    /// <summary>Creates the registry.</summary>
    /// <param name="store">Where versions are kept.</param>
    /// <param name="commands">How set_config reaches controllers.</param>
    /// <param name="log">Where pushes and their failures are reported.</param>
    public ConfigRegistry(IFleetStore store, CommandSender commands, TextWriter log)
    {
        _store = store;
        _commands = commands;
        _log = log;
    }

    /// <summary>Validates and stores a new version, then sends it to the site's controllers.</summary>
    /// <param name="site">The site.</param>
    /// <param name="siteFile">The site file's text.</param>
    /// <param name="note">Who or why.</param>
    /// <returns>The stored version and the devices it was sent to, or the problems that stopped it.</returns>
    public async Task<ConfigPublishResult> PublishAsync(string site, string siteFile, string note)
    {
        siteFile = SiteSecrets.Restore(siteFile, _store.Config(site, 0)?.Body, out string? kept);
        if (kept != null)
        {
            return new ConfigPublishResult(null, [], [kept]);
        }

        SiteReadResult read = SiteDefinitionReader.Read(siteFile);
        if (read.Site == null)
        {
            return new ConfigPublishResult(null, [], read.Problems.ToArray());
        }

        ConfigVersion stored = _store.AddConfig(site, siteFile, NfBond.Firmware.Config.SiteFileHash.Of(siteFile), note, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        List<string> sent = [];
        foreach (DeviceRecord device in _store.DevicesOf(site))
        {
            await PushAsync(device, stored, "publish");
            sent.Add(device.Device);
        }

        return new ConfigPublishResult(stored, sent, []);
    }

    /// <summary>Makes an old version the latest again (as a new version with its text) and sends it.</summary>
    /// <param name="site">The site.</param>
    /// <param name="version">The version to return to.</param>
    /// <returns>The result, or problems when that version does not exist.</returns>
    public async Task<ConfigPublishResult> RollbackAsync(string site, int version)
    {
        ConfigVersion? old = version > 0 ? _store.Config(site, version) : null;
        if (old == null)
        {
            return new ConfigPublishResult(null, [], [$"site {site} has no config version {version}"]);
        }

        return await PublishAsync(site, old.Body, "rollback to " + version);
    }

    /// <summary>Sends the latest version to a controller whose birth reports a different config_hash.</summary>
    /// <param name="message">A stored message (only births are looked at).</param>
    public void OnStored(IngestMessage message)
    {
        if (message.Kind != "birth")
        {
            return;
        }

        ConfigVersion? latest = _store.Config(message.Site, 0);
        DeviceRecord? device = latest == null ? null : _store.FindDevice(message.Device);
        if (latest == null || device == null)
        {
            return;
        }

        using JsonDocument birth = JsonDocument.Parse(message.Body);
        string reported = birth.RootElement.TryGetProperty("config_hash", out JsonElement h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : "";
        if (reported != latest.Hash)
        {
            _log.WriteLine($"aggregator: {message.Device} runs config {(reported.Length == 0 ? "(none reported)" : reported)}, site {message.Site} is at version {latest.Version} ({latest.Hash}); sending it");
            _ = PushAsync(device, latest, "birth_mismatch");
        }
    }

    private async Task PushAsync(DeviceRecord device, ConfigVersion version, string reason)
    {
        using JsonDocument args = JsonDocument.Parse(JsonSerializer.Serialize(new { site = version.Body }));
        try
        {
            await _commands.SendAsync(device, "set_config", args.RootElement);
            s_pushes.WithLabels(reason).Inc();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The controller still gets it: its next birth shows the old hash and triggers another push.
            _log.WriteLine($"aggregator: sending config version {version.Version} to {device.Device} failed: {ex.Message}");
        }
    }
}
