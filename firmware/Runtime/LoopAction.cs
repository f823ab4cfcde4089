namespace NfBond.Firmware.Runtime;

/// <summary>Work posted to an <see cref="EventLoop"/>; runs on the loop thread.</summary>
/// <param name="state">The state object given to <see cref="EventLoop.Post"/>.</param>
public delegate void LoopAction(object? state);
