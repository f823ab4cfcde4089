using System;
using System.Collections.Generic;
using System.IO;

namespace NfBond.Hal.Linux;

/// <summary>Stored files in a directory; a name may be mapped to a path of its own (the site file given with --config).</summary>
public sealed class FileStorage : IStorage
{
    private readonly string _directory;
    private readonly Dictionary<string, string> _paths;

    /// <summary>Creates the storage.</summary>
    /// <param name="directory">Where files without a mapped path go (created when first written).</param>
    /// <param name="paths">Names stored at a path of their own.</param>
    public FileStorage(string directory, IReadOnlyDictionary<string, string>? paths = null)
    {
        _directory = directory;
        _paths = paths == null ? [] : new Dictionary<string, string>(paths);
    }

    /// <summary>
    /// The storage of a controller started with <c>--config FILE</c>: the stored site file is that file
    /// itself (so set_config replaces it), anything else goes beside it.
    /// </summary>
    /// <param name="siteFile">The site file's path.</param>
    /// <returns>The storage.</returns>
    public static FileStorage ForSiteFile(string siteFile)
    {
        string path = Path.GetFullPath(siteFile);
        return new FileStorage(Path.GetDirectoryName(path)!, new Dictionary<string, string> { [NfBond.Firmware.Controller.Controller.SiteFileName] = path });
    }

    /// <inheritdoc/>
    public string? Read(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <inheritdoc/>
    public string? Write(string name, string text)
    {
        string path = PathOf(name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            string temporary = path + ".new";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return path + ": " + ex.Message;
        }
    }

    private string PathOf(string name) => _paths.TryGetValue(name, out string? path) ? path : Path.Combine(_directory, name);
}
