using System.Xml.Linq;

namespace NfBond.Portability;

/// <summary>
/// The explicit Compile list of a Visual Studio nanoFramework project (.nfproj), which must name every
/// .cs file of its folder: read it, compare it with the folder, rewrite it.
/// </summary>
public static class NfprojCompileList
{
    /// <summary>The nanoFramework projects and their folders, relative to the repository root.</summary>
    public static readonly (string Folder, string Project)[] Projects =
    [
        ("firmware", "NfBond.Firmware.nfproj"),
        ("hal/Contracts", "NfBond.Hal.Contracts.nfproj"),
        ("hal/Nano", "NfBond.Hal.Nano.nfproj"),
        ("tests/NFUnitTest", "NFUnitTest.nfproj"),
    ];

    private static readonly XNamespace s_msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    /// <summary>Gets the .cs files under a folder (bin/ and obj/ left out), '/'-separated and sorted.</summary>
    public static string[] SourcesIn(string folder) => Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
        .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToArray();

    /// <summary>Gets the files a project compiles, '/'-separated and sorted.</summary>
    public static string[] Listed(string nfproj) => XDocument.Load(nfproj).Descendants(s_msbuild + "Compile")
        .Select(c => c.Attribute("Include")!.Value.Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Rewrites a project's Compile list to the folder's .cs files.</summary>
    /// <returns>True when the file changed.</returns>
    public static bool Sync(string folder, string nfproj)
    {
        string[] sources = SourcesIn(folder);
        if (sources.SequenceEqual(Listed(nfproj)))
        {
            return false;
        }

        XDocument project = XDocument.Load(nfproj, LoadOptions.PreserveWhitespace);
        XElement group = project.Descendants(s_msbuild + "Compile").First().Parent!;
        group.RemoveNodes();
        foreach (string source in sources)
        {
            group.Add(new XText("\r\n    "), new XElement(s_msbuild + "Compile", new XAttribute("Include", source.Replace('/', '\\'))));
        }

        group.Add(new XText("\r\n  "));
        string body = string.Join("\r\n", project.Nodes().Where(n => n is not XText { Value: var v } || !string.IsNullOrWhiteSpace(v)).Select(n => n is XElement e ? e.ToString(SaveOptions.DisableFormatting) : n.ToString()));
        File.WriteAllText(nfproj, project.Declaration + "\r\n" + body.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n");
        return true;
    }
}
