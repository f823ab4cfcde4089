using NfBond.Firmware.Runtime;

namespace NfBond.Simulation.Modems;

/// <summary>
/// Puts a <see cref="ModemSimulator"/> behind a pseudo-terminal: bytes the controller writes to the slave
/// device reach the simulator on its event loop, and its output goes back through the master.
/// </summary>
public sealed class PtyModem : IDisposable
{
    private readonly PseudoTerminal _pty = new();
    private readonly EventLoop _loop;
    private readonly Thread _reader;

    /// <summary>Creates the bridge; the simulator runs on <paramref name="loop"/>, which the caller runs.</summary>
    /// <param name="loop">A real-time loop.</param>
    /// <param name="modem">The simulator.</param>
    public PtyModem(EventLoop loop, ModemSimulator modem)
    {
        _loop = loop;
        Modem = modem;
        modem.Output += _pty.Write;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "pty " + _pty.SlavePath };
        _reader.Start();
    }

    /// <summary>Gets the serial device path for the controller.</summary>
    public string DevicePath => _pty.SlavePath;

    /// <summary>Gets the simulator.</summary>
    public ModemSimulator Modem { get; }

    /// <inheritdoc/>
    public void Dispose() => _pty.Dispose();

    private void ReadLoop()
    {
        byte[] buffer = new byte[256];
        while (true)
        {
            int n = _pty.Read(buffer);
            if (n <= 0)
            {
                return;
            }

            byte[] bytes = buffer[..n];
            _loop.Post(state => Modem.Receive((byte[])state!), bytes);
        }
    }
}
