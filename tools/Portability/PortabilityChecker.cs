using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NfBond.Portability;

/// <summary>
/// Compiles nano-portable C# against .NET reference assemblies and reports every construct and API that
/// nanoFramework 1.x cannot compile or run. Sources given together form one compilation, so firmware/
/// and the HAL contracts see each other's types as their own.
/// </summary>
public sealed class PortabilityChecker
{
    /// <summary>The preprocessor symbol nanoFramework builds define; code under it is checked too.</summary>
    public const string NanoSymbol = "NANOFRAMEWORK_1_0";

    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_references = new(LoadFrameworkReferences);

    private readonly NanoApiAllowlist _allowlist;

    /// <summary>Creates a checker using <paramref name="allowlist"/>.</summary>
    /// <param name="allowlist">The nanoFramework API entries; defaults to the shipped list.</param>
    public PortabilityChecker(NanoApiAllowlist? allowlist = null)
    {
        _allowlist = allowlist ?? NanoApiAllowlist.LoadDefault();
    }

    /// <summary>Checks every .cs file under the given files and folders (bin/ and obj/ skipped).</summary>
    /// <param name="paths">Files or folders.</param>
    /// <returns>The problems, ordered by file and line.</returns>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public IReadOnlyList<PortabilityProblem> CheckPaths(IEnumerable<string> paths)
    {
        List<(string Path, string Text)> sources = [];
        foreach (string path in paths)
        {
            foreach (string file in CollectSourceFiles(path))
            {
                sources.Add((file, File.ReadAllText(file)));
            }
        }

        return Check(sources);
    }

    /// <summary>Checks in-memory sources compiled together.</summary>
    /// <param name="sources">Pairs of (path to report, source text).</param>
    /// <returns>The problems, ordered by file and line.</returns>
    public IReadOnlyList<PortabilityProblem> Check(IEnumerable<(string Path, string Text)> sources)
    {
        CSharpParseOptions parseOptions = new(LanguageVersion.CSharp13, preprocessorSymbols: [NanoSymbol]);
        List<SyntaxTree> trees = [];
        foreach ((string path, string text) in sources)
        {
            trees.Add(CSharpSyntaxTree.ParseText(text, parseOptions, path));
        }

        CSharpCompilation compilation = CSharpCompilation.Create(
            "NanoPortabilityCheck",
            trees,
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        List<PortabilityProblem> problems = [];
        foreach (Diagnostic diagnostic in compilation.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Location.IsInSource)
            {
                problems.Add(At(diagnostic.Location, "compile", $"does not compile: {diagnostic.Id} {diagnostic.GetMessage()}"));
            }
        }

        foreach (SyntaxTree tree in trees)
        {
            PortabilityWalker walker = new(compilation.GetSemanticModel(tree), _allowlist, problems);
            walker.Visit(tree.GetRoot());
        }

        problems.Sort(static (a, b) =>
        {
            int byFile = string.CompareOrdinal(a.File, b.File);
            return byFile != 0 ? byFile : a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column);
        });
        return problems;
    }

    internal static PortabilityProblem At(Location location, string rule, string message)
    {
        FileLinePositionSpan span = location.GetLineSpan();
        return new PortabilityProblem(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, rule, message);
    }

    private static IEnumerable<string> CollectSourceFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"no such file or folder: {path}", path);
        }

        List<string> files = [];
        foreach (string file in Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(path, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)
                || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            files.Add(file);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("the runtime did not expose TRUSTED_PLATFORM_ASSEMBLIES");
        List<MetadataReference> references = [];
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string assembly in trusted.Split(Path.PathSeparator))
        {
            // Only the shared framework: the tool's own dependencies (Roslyn) are not the BCL.
            if (string.Equals(Path.GetDirectoryName(assembly), runtimeDirectory, StringComparison.Ordinal))
            {
                references.Add(MetadataReference.CreateFromFile(assembly));
            }
        }

        return references;
    }
}
