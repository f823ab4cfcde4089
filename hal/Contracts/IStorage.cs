namespace NfBond.Hal;

/// <summary>
/// Small named files that survive a restart: the site file a <c>set_config</c> command stored, the
/// replay memory of accepted commands.
/// </summary>
/// <remarks>Implementations: a directory on Linux, the internal flash file system (I:\) on nanoFramework, memory in tests.</remarks>
public interface IStorage
{
    /// <summary>Reads a file.</summary>
    /// <param name="name">The file's name, e.g. "site.json".</param>
    /// <returns>Its text, or null when there is no such file.</returns>
    string? Read(string name);

    /// <summary>Replaces a file's contents.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="text">The new text.</param>
    /// <returns>Null when stored, else what failed.</returns>
    string? Write(string name, string text);
}
