using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NfBond.Portability;

namespace NfBond.Tools.Tests;

public class PortabilityGateTests
{
    private static readonly PortabilityChecker s_checker = new();

    [Fact]
    public void Firmware_and_hal_contracts_are_clean()
    {
        IReadOnlyList<PortabilityProblem> problems = s_checker.CheckPaths(
            [Path.Combine(RepoPaths.Root, "firmware"), Path.Combine(RepoPaths.Root, "hal", "Contracts")]);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public static TheoryData<string, string, string> Violations => new()
    {
        { "generic", "private System.Collections.Generic.List<int> _x = new System.Collections.Generic.List<int>();", "generic type 'List<int>'" },
        { "generic", "class Box<T> { }", "generic type 'Box<T>'" },
        { "generic", "void M<T>() { }", "generic method 'M<T>'" },
        { "generic", "int[] E() => System.Array.Empty<int>();", "generic method 'Array.Empty<int>()'" },
        { "nullable", "int? _maybe;", "'int?' is Nullable<int>" },
        { "tuple", "(int, int) P() => (1, 2);", "tuple type '(int, int)'" },
        { "async", "async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Yield(); }", "async: nanoFramework 1.x has no async/await" },
        { "linq", "int F(int[] a) => System.Linq.Enumerable.Count(a);", "LINQ 'Enumerable.Count'" },
        { "linq", "object Q(int[] a) => from x in a select x;", "LINQ query" },
        { "yield", "System.Collections.IEnumerable Y() { yield return 1; }", "yield:" },
        { "dynamic", "void D(dynamic d) { }", "dynamic: nanoFramework 1.x has no dynamic binder" },
        { "foreach-string", "void F(string s) { foreach (char c in s) { } }", "foreach over a string" },
        { "exception-filter", "void F() { try { } catch (System.Exception e) when (e.Message == \"\") { } }", "exception filter 'when'" },
        { "span", "void S() { System.Span<byte> b = stackalloc byte[4]; }", "stackalloc" },
        { "lock-type", "private readonly System.Threading.Lock _gate = new();", "System.Threading.Lock" },
        { "api", "bool W(System.Threading.AutoResetEvent e) => e.WaitOne(100);", "'WaitHandle.WaitOne(int)' is not in the nanoFramework 1.x API; nanoFramework has WaitHandle.WaitOne(int, bool), WaitHandle.WaitOne()" },
        { "api", "bool H(System.Collections.Hashtable h) => h.ContainsKey(1);", "'Hashtable.ContainsKey(object)' is not in the nanoFramework 1.x API" },
        { "api", "string G(byte[] b) => System.Text.Encoding.UTF8.GetString(b);", "'Encoding.GetString(byte[])' is not in the nanoFramework 1.x API" },
        { "api", "System.TimeSpan T() => System.TimeSpan.FromSeconds(1.5);", "'TimeSpan.FromSeconds(double)' is not in the nanoFramework 1.x API; nanoFramework has TimeSpan.FromSeconds(long)" },
        { "api", "bool D(char c) => char.IsDigit(c);", "'char.IsDigit(char)' is not in the nanoFramework 1.x API" },
        { "api", "string R(string s) => s.Replace(\"a\", \"b\");", "'string.Replace(string, string?)' is not in the nanoFramework 1.x API" },
        { "api", "string O(object o) => o.ToString();", "'object.ToString()' is not in the nanoFramework 1.x API" },
        { "api", "System.Type T() => typeof(int);", "type 'Type' is not in the nanoFramework 1.x API" },
        { "api", "bool B(System.Collections.BitArray b) => b[0];", "'BitArray.this[int]' is not in the nanoFramework 1.x API" },
        { "string-array", "bool F(string id) { string[] a = new string[4]; return a[0] == id; }", "new string[n] without filling it" },
        { "string-array", "private readonly string[] _ids = new string[64];", "new string[n] without filling it" },
        { "string-array", "string[] F(int n) { string[] a = new string[n]; for (int i = 0; i < n; i++) { if (a[i] == null) { } a[i] = \"\"; } return a; }", "new string[n] without filling it" },
        { "double-text", "string F(double d) => \"took \" + d;", "a double or float turned into text" },
        { "double-text", "string F(float d) => $\"{d} s\";", "a double or float turned into text" },
        { "double-text", "string F(double d) => d.ToString();", "a double or float turned into text" },
        { "double-text", "string F(System.Text.StringBuilder b, double d) => b.Append(d).ToString();", "a double or float turned into text" },
        { "surrogate-index", "int F(string s, int i) => s[i] >= 0xD800 ? s[i + 1] : 0;", "string indexer after a character in code that handles surrogate pairs" },
    };

    [Theory]
    [InlineData("string[] F(int n) { string[] a = new string[n]; for (int i = 0; i < n; i++) { a[i] = string.Empty; } return a; }")]
    [InlineData("string[] F(int n) { string[] a = new string[n]; for (int i = 0; i < n; i++) { int k = i * 2; a[i] = k.ToString(); } return a; }")]
    [InlineData("string[] F() => new string[0];")]
    [InlineData("string F(long tenths) => \"took \" + tenths.ToString();")]
    [InlineData("int F(string s, int i) => s[i] >= 0xD800 ? s.ToCharArray(i, 2)[1] : 0;")]
    public void Runtime_pitfall_rules_accept_the_safe_forms(string member)
    {
        string source = $"namespace Plant;\n\npublic class Planted\n{{\n    {member}\n}}\n";
        IReadOnlyList<PortabilityProblem> problems = s_checker.Check([("firmware/Planted.cs", source)]);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_kind_of_violation_is_named_at_its_file_and_line(string rule, string member, string expected)
    {
        string source = $"using System.Linq;\nnamespace Plant;\n\npublic class Planted\n{{\n    {member}\n}}\n";
        IReadOnlyList<PortabilityProblem> problems = s_checker.Check([("firmware/Planted.cs", source)]);

        PortabilityProblem? hit = problems.FirstOrDefault(p => p.Rule == rule && p.Message.Contains(expected, StringComparison.Ordinal));
        Assert.True(hit != null, $"expected a '{rule}' problem containing \"{expected}\"; got:\n{string.Join("\n", problems)}");
        Assert.Equal("firmware/Planted.cs", hit.File);
        Assert.Equal(6, hit.Line);
        Assert.StartsWith("firmware/Planted.cs:6: ", hit.ToString());
    }

    [Fact]
    public void Code_that_stays_inside_nanoframework_passes()
    {
        const string source = """
            using System;
            using System.Collections;
            using System.Text;
            using System.Threading;
            namespace Plant;
            public sealed class Fine
            {
                private readonly Hashtable _seen = new Hashtable();
                private readonly AutoResetEvent _wake = new AutoResetEvent(false);
                public string Describe(ArrayList items, string name)
                {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < name.Length; i++)
                    {
                        text.Append(name[i]);
                    }
                    foreach (object item in items)
                    {
                        text.Append(item);
                    }
                    if (!_seen.Contains(name))
                    {
                        _seen[name] = items.Count;
                    }
                    _wake.WaitOne(100, false);
                    long now = Environment.TickCount64;
                    return text.ToString() + now.ToString() + TimeSpan.FromSeconds(3L).Ticks.ToString() + nameof(items);
                }
                public ThreadPriority Priority => ThreadPriority.Highest;
            }
            """;

        IReadOnlyList<PortabilityProblem> problems = s_checker.Check([("Fine.cs", source)]);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Code_under_the_nano_symbol_is_checked_too()
    {
        const string source = "namespace P; public class C {\n#if NANOFRAMEWORK_1_0\n    System.Collections.Generic.List<int> _l;\n#endif\n}";
        Assert.Contains(s_checker.Check([("C.cs", source)]), p => p.Rule == "generic" && p.Line == 3);
    }

    [Fact]
    public void Every_allowlist_entry_names_its_nanoframework_source_and_exists_in_dotnet()
    {
        NanoApiAllowlist allowlist = NanoApiAllowlist.LoadDefault();
        CSharpCompilation dotnet = CSharpCompilation.Create("probe", references: FrameworkReferences());
        List<string> unresolved = [];
        foreach ((string id, string source) in allowlist.Entries)
        {
            Assert.Matches(@"^nanoframework/[\w.]+ [\w./]+\.cs@[0-9a-f]{40}$", source);
            if (!id.EndsWith(".*", StringComparison.Ordinal) && DocumentationCommentId.GetFirstSymbolForDeclarationId(id, dotnet) == null
                && !IsIndexer(id, dotnet))
            {
                unresolved.Add(id);
            }
        }

        Assert.True(unresolved.Count == 0, "entries .NET does not have (typo or wrong binding): " + string.Join(", ", unresolved));
        Assert.True(allowlist.Entries.Count > 300);
    }

    [Theory]
    [InlineData("T:System.String\n", "has no @source line above it")]
    [InlineData("@source nanoframework/CoreLibrary a.cs@0123\nT:System.String\nT:System.String\n", "is listed twice")]
    [InlineData("@source nanoframework/CoreLibrary a.cs@0123\nSystem.String\n", "is not a documentation ID")]
    [InlineData("@source somewhere\nT:System.String\n", "a source line must read")]
    [InlineData("@source nanoframework/CoreLibrary a.cs@0123\nM:System.String.*\n", "only enum fields may use a wildcard")]
    public void A_broken_allowlist_is_rejected_with_its_line(string text, string expected)
    {
        FormatException error = Assert.Throws<FormatException>(() => NanoApiAllowlist.Parse(text, "list.txt"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("list.txt:", error.Message);
    }

    // Indexer IDs use the metadata name (String.Chars), which the ID resolver does not look up.
    private static bool IsIndexer(string id, Compilation dotnet)
    {
        int paren = id.IndexOf('(');
        int dot = paren < 0 ? -1 : id.LastIndexOf('.', paren);
        if (!id.StartsWith("P:", StringComparison.Ordinal) || dot < 0)
        {
            return false;
        }

        ISymbol? type = DocumentationCommentId.GetFirstSymbolForDeclarationId("T:" + id[2..dot], dotnet);
        return type is INamedTypeSymbol named
            && named.GetMembers().OfType<IPropertySymbol>().Any(p => p.IsIndexer && p.GetDocumentationCommentId() == id);
    }

    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(runtime, "*.dll")
            .Where(f => { try { System.Reflection.AssemblyName.GetAssemblyName(f); return true; } catch (BadImageFormatException) { return false; } })
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f));
    }
}
