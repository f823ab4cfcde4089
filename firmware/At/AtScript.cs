using System;

namespace NfBond.Firmware.At;

/// <summary>
/// A declarative AT conversation: steps run in order, each with its own timeout; any line starting with
/// one of the abort prefixes ends the script at once. Results are written back into the script, so a
/// script built at start-up can be run every poll without allocating.
/// </summary>
public sealed class AtScript
{
    /// <summary>Creates a script.</summary>
    /// <param name="name">Shown in events and errors.</param>
    /// <param name="steps">The exchanges, in order.</param>
    /// <param name="completed">Called when the script ends, or null.</param>
    /// <exception cref="ArgumentException"><paramref name="steps"/> is empty.</exception>
    public AtScript(string name, AtStep[] steps, AtScriptCompleted? completed)
    {
        if (steps == null || steps.Length == 0)
        {
            throw new ArgumentException("script " + name + " has no steps");
        }

        Name = name;
        Steps = steps;
        Completed = completed;
        FailedStep = -1;
    }

    /// <summary>Gets the script's name.</summary>
    public string Name { get; }

    /// <summary>Gets the steps.</summary>
    public AtStep[] Steps { get; }

    /// <summary>Gets or sets the prefixes that end the script as <see cref="AtResult.Aborted"/> (e.g. <c>RDY</c>).</summary>
    public string[]? Aborts { get; set; }

    /// <summary>Gets or sets who is told when the script ends.</summary>
    public AtScriptCompleted? Completed { get; set; }

    /// <summary>Gets how the script ended.</summary>
    public AtResult Result { get; private set; }

    /// <summary>Gets the index of the step that failed, or -1.</summary>
    public int FailedStep { get; private set; }

    /// <summary>Gets the CME/CMS error code, or -1 when there is none.</summary>
    public int ErrorCode { get; private set; }

    /// <summary>Gets a precise description of a failure, or null after success.</summary>
    public string? ErrorText { get; private set; }

    /// <summary>Gets whether the script is queued or running.</summary>
    public bool IsBusy { get; internal set; }

    /// <summary>Gets whether the script ended with <see cref="AtResult.Ok"/>.</summary>
    public bool Succeeded => Result == AtResult.Ok || Result == AtResult.Connect;

    /// <summary>Gets the index of the step running now (or the last one run).</summary>
    public int CurrentStep => StepIndex;

    internal int StepIndex { get; set; }

    internal void Begin()
    {
        Result = AtResult.Pending;
        FailedStep = -1;
        ErrorCode = -1;
        ErrorText = null;
        StepIndex = 0;
        IsBusy = true;
    }

    internal void Fail(AtResult result, int code, string? text)
    {
        Result = result;
        FailedStep = StepIndex;
        ErrorCode = code;
        ErrorText = text;
    }

    internal void Succeed(AtResult result)
    {
        Result = result;
    }
}
