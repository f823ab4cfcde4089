namespace NfBond.Firmware.At;

/// <summary>
/// The parts of an <see cref="AtStep"/> few steps use (a delay, a deferred result, a payload), held apart
/// so a plain step costs five heap blocks fewer on nanoFramework.
/// </summary>
internal sealed class AtStepExtras
{
    /// <summary>Gets or sets the pause before the command is sent.</summary>
    public int DelayBeforeMs { get; set; }

    /// <summary>Gets or sets the prefix of the result that follows <c>OK</c>, or null.</summary>
    public string? DeferredPrefix { get; set; }

    /// <summary>Gets or sets how long to wait for the deferred result after <c>OK</c>.</summary>
    public int DeferredTimeoutMs { get; set; }

    /// <summary>Gets or sets who decodes deferred lines.</summary>
    public AtDeferredHandler? OnDeferred { get; set; }

    /// <summary>Gets or sets bytes sent at the prompt.</summary>
    public byte[]? Payload { get; set; }
}
