using System.Xml.Linq;
using NfBond.Portability;

namespace NfBond.Tools.Tests;

/// <summary>
/// The Visual Studio nanoFramework projects list their sources explicitly; a .cs file added to
/// firmware/, hal/Contracts or hal/Nano and missing from its .nfproj would build here and not there.
/// </summary>
public class NfprojSyncTests
{
    [Theory]
    [InlineData("firmware", "NfBond.Firmware.nfproj")]
    [InlineData("hal/Contracts", "NfBond.Hal.Contracts.nfproj")]
    [InlineData("hal/Nano", "NfBond.Hal.Nano.nfproj")]
    [InlineData("tests/NFUnitTest", "NFUnitTest.nfproj")]
    public void Every_source_file_is_in_the_nfproj_compile_list_and_nothing_else(string folder, string nfproj)
    {
        string dir = Path.Combine(RepoPaths.Root, folder);
        string[] listed = NfprojCompileList.Listed(Path.Combine(dir, nfproj));
        string[] onDisk = NfprojCompileList.SourcesIn(dir);

        Assert.True(onDisk.SequenceEqual(listed),
            $"{folder}/{nfproj} is out of date (run: nfbond nfproj sync); missing: {string.Join(", ", onDisk.Except(listed))}; not on disk: {string.Join(", ", listed.Except(onDisk))}");
    }

    [Fact]
    public void Sync_adds_a_new_file_and_drops_a_deleted_one()
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-nfproj-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "Links"));
            File.WriteAllText(Path.Combine(dir, "Links", "New.cs"), "");
            File.WriteAllText(Path.Combine(dir, "Kept.cs"), "");
            string project = Path.Combine(dir, "P.nfproj");
            File.Copy(Path.Combine(RepoPaths.Root, "hal", "Contracts", "NfBond.Hal.Contracts.nfproj"), project);

            Assert.True(NfprojCompileList.Sync(dir, project));
            Assert.Equal(["Kept.cs", "Links/New.cs"], NfprojCompileList.Listed(project));
            Assert.Contains("<Compile Include=\"Links\\New.cs\" />", File.ReadAllText(project), StringComparison.Ordinal);
            Assert.False(NfprojCompileList.Sync(dir, project));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_nfproj_packages_are_the_versions_the_facades_are_built_as()
    {
        Dictionary<string, string> versions = new[] { Path.Combine(RepoPaths.Root, "hal", "Nano", "packages.config"), Path.Combine(RepoPaths.Root, "tests", "NFUnitTest", "packages.config") }
            .SelectMany(f => XDocument.Load(f).Descendants("package"))
            .GroupBy(p => p.Attribute("id")!.Value)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Attribute("version")!.Value).Distinct().Single());
        foreach (string info in Directory.GetFiles(Path.Combine(RepoPaths.Root, "tools", "NanoBuild", "Facades"), "AssemblyInfo.cs", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(info);
            string package = text.Split("// Package ")[1].Split(' ')[0];
            string version = text.Split("AssemblyVersion(\"")[1].Split('"')[0];
            Assert.True(versions.ContainsKey(package), $"{info}: package {package} is in neither hal/Nano nor tests/NFUnitTest packages.config");
            Assert.Equal(versions[package] + ".0", version);
        }
    }
}
