using NfBond.Hal;

namespace NfBond.Simulation;

/// <summary>Storage in memory: survives a simulated restart, not the process.</summary>
public sealed class MemoryStorage : IStorage
{
    private readonly Dictionary<string, string> _files = [];

    /// <inheritdoc/>
    public string? Read(string name) => _files.TryGetValue(name, out string? text) ? text : null;

    /// <inheritdoc/>
    public string? Write(string name, string text)
    {
        _files[name] = text;
        return null;
    }
}
