using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NfBond.Tools.Tests;

/// <summary>
/// The nanoFramework build (tools/NanoBuild): firmware/, hal/Contracts and hal/Nano compiled against
/// nanoFramework.CoreLibrary's real mscorlib.dll and our facades. The solution build compiles it; these
/// tests show that a call nanoFramework lacks fails it with file and line, and that what it emits is
/// only what nanoFramework's MetadataProcessor knows.
/// </summary>
public class NanoBuildTests
{
    private static string NanoOutput(string project, string assembly) =>
        Path.Combine(RepoPaths.Root, "tools", "NanoBuild", project, "bin", "Release", assembly);

    [Fact]
    public void A_call_nanoFramework_lacks_fails_the_build_with_file_and_line()
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-nano-plant-").FullName;
        try
        {
            string nanoBuild = Path.Combine(RepoPaths.Root, "tools", "NanoBuild");
            File.WriteAllText(Path.Combine(dir, "Planted.nano.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="{nanoBuild}/Nano.props" />
                  <PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Update="nanoFramework.CoreLibrary" Version="1.17.11" />
                    <Compile Include="Planted.cs" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Planted.cs"), """
                namespace Plant;

                public class Planted
                {
                    public string Joined(string[] parts) => string.Join(",", parts);

                    public double Rounded(double x) => System.Math.Round(x, 1, System.MidpointRounding.AwayFromZero);

                    public object Listed() => new System.Collections.Generic.List<int>();
                }
                """);

            (int exit, string output) = Dotnet(dir, "build", "Planted.nano.csproj", "-nologo", "-v", "quiet");

            Assert.NotEqual(0, exit);
            string planted = Path.Combine(dir, "Planted.cs");
            Assert.Matches($@"{Regex.Escape(planted)}\(5,\d+\): error CS0117: 'string' does not contain a definition for 'Join'", output);
            Assert.Matches($@"{Regex.Escape(planted)}\(7,\d+\): error CS0234: The type or namespace name 'Math' does not exist in the namespace 'System'", output);
            Assert.Matches($@"{Regex.Escape(planted)}\(9,\d+\): error CS0234: The type or namespace name 'Generic' does not exist in the namespace 'System.Collections'", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("Firmware", "NfBond.Firmware.dll")]
    [InlineData("Contracts", "NfBond.Hal.Contracts.dll")]
    public void The_nano_assemblies_reference_only_nanoFramework_and_embed_no_compiler_types(string project, string assembly)
    {
        using FileStream file = File.OpenRead(NanoOutput(project, assembly));
        using PEReader pe = new(file);
        MetadataReader metadata = pe.GetMetadataReader();

        Dictionary<string, Version> references = metadata.AssemblyReferences
            .Select(metadata.GetAssemblyReference)
            .ToDictionary(r => metadata.GetString(r.Name), r => r.Version);
        Assert.Equal(new Version(1, 17, 11, 0), references["mscorlib"]);
        Assert.All(references.Keys, name => Assert.True(
            name == "mscorlib" || name.StartsWith("nanoFramework.", StringComparison.Ordinal) || name.StartsWith("NfBond.", StringComparison.Ordinal),
            $"{assembly} references {name}, which is not part of nanoFramework"));

        // What the compiler adds on its own must be what C# 9 (nanoFramework's default) adds too:
        // attributes C# 7.2/8 introduced and array-initialiser blobs, which the MetadataProcessor handles as
        // ordinary types. C# 11+ would add RefSafetyRulesAttribute, C# 12 InlineArray buffers and so on.
        string[] allowed =
        [
            "Microsoft.CodeAnalysis.EmbeddedAttribute",
            "System.Runtime.CompilerServices.IsReadOnlyAttribute",
            "System.Runtime.CompilerServices.NullableAttribute",
            "System.Runtime.CompilerServices.NullableContextAttribute",
            "<PrivateImplementationDetails>",
        ];
        string[] foreign = metadata.TypeDefinitions
            .Select(metadata.GetTypeDefinition)
            .Where(t => t.GetDeclaringType().IsNil)
            .Select(t => (metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name)).TrimStart('.'))
            .Where(n => n != "<Module>" && !n.StartsWith("NfBond.", StringComparison.Ordinal) && !allowed.Contains(n))
            .ToArray();
        Assert.True(foreign.Length == 0, $"{assembly} defines compiler types C# 9 would not: {string.Join(", ", foreign)}");
    }

    private static (int Exit, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        ProcessStartInfo start = new("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
