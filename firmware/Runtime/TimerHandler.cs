namespace NfBond.Firmware.Runtime;

/// <summary>Called on the loop thread when a <see cref="LoopTimer"/> fires.</summary>
/// <param name="timer">The timer that fired; the handler may re-arm or stop it.</param>
public delegate void TimerHandler(LoopTimer timer);
