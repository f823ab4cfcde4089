using System.Security.Cryptography;
using System.Text.Json;
using NfBond.Aggregator.Broker;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>Sends signed commands to controllers through whichever broker the aggregator uses.</summary>
public sealed class CommandSender
{
    private readonly IFleetBroker _broker;

    /// <summary>Creates the sender.</summary>
    /// <param name="broker">The broker.</param>
    public CommandSender(IFleetBroker broker) => _broker = broker;

    /// <summary>Signs and publishes a command on the device's cmd topic.</summary>
    /// <param name="device">The controller.</param>
    /// <param name="command">The command name.</param>
    /// <param name="args">Its arguments (a JSON object).</param>
    /// <returns>The command ID its answer on cmd/res carries.</returns>
    public async Task<string> SendAsync(DeviceRecord device, string command, JsonElement args)
    {
        string id = "c-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        await _broker.PublishAsync(CommandTopic(device), CommandSigner.Sign(device, id, command, args, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return id;
    }

    /// <summary>The topic a device's commands go to.</summary>
    /// <param name="device">The controller.</param>
    /// <returns>nfbond/v1/{site}/{device}/cmd.</returns>
    public static string CommandTopic(DeviceRecord device) => $"nfbond/v1/{device.Site}/{device.Device}/cmd";
}
