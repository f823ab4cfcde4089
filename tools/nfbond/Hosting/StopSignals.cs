using System.Runtime.InteropServices;
using NfBond.Firmware.Runtime;

namespace NfBond.Cli.Hosting;

/// <summary>Stops an event loop on SIGTERM or SIGINT (Ctrl+C), so the code after the loop can clean up.</summary>
public sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    /// <summary>Registers the handlers.</summary>
    /// <param name="loop">The loop to stop.</param>
    public StopSignals(EventLoop loop)
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            loop.Stop();
        });
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            loop.Stop();
        });
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }
}
