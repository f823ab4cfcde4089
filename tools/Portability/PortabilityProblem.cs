namespace NfBond.Portability;

/// <summary>One place where nano-portable source steps outside nanoFramework 1.x.</summary>
/// <param name="File">The source file, as given or found under a given folder.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Rule">A short rule name, e.g. "generic" or "api".</param>
/// <param name="Message">What is wrong and what to use instead.</param>
public sealed record PortabilityProblem(string File, int Line, int Column, string Rule, string Message)
{
    /// <summary>Formats as <c>file:line: message</c>, the form editors and CI logs link.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
