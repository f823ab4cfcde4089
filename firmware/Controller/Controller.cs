using System;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Firmware.Controller;

/// <summary>
/// The controller's top level on one board: brings the board up on the event loop and shows that the
/// loop is alive by blinking the status LED. Modem supervision, link health and reporting attach here.
/// </summary>
public sealed class Controller
{
    /// <summary>Half the status LED's blink period: 1 Hz while the loop runs.</summary>
    public const long HeartbeatHalfPeriodMs = 500;

    private readonly EventLoop _loop;
    private readonly BoardDefinition _board;
    private readonly IGpioController _gpio;
    private readonly EventLog _log;
    private readonly LoopTimer _heartbeat;
    private IGpioLine? _statusLed;
    private bool _ledLit;
    private long _startedAtMs;

    /// <summary>Creates a controller for <paramref name="board"/>; nothing happens until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop everything runs on.</param>
    /// <param name="board">The validated board definition.</param>
    /// <param name="gpio">The board's GPIO lines.</param>
    /// <param name="log">The diagnostic event log.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Controller(EventLoop loop, BoardDefinition board, IGpioController gpio, EventLog log)
    {
        if (loop == null || board == null || gpio == null || log == null)
        {
            throw new ArgumentNullException(loop == null ? nameof(loop) : board == null ? nameof(board) : gpio == null ? nameof(gpio) : nameof(log));
        }

        _loop = loop;
        _board = board;
        _gpio = gpio;
        _log = log;
        _heartbeat = new LoopTimer(loop, OnHeartbeat);
    }

    /// <summary>Gets how many times the status LED has toggled.</summary>
    public long HeartbeatCount => _heartbeat.FireCount;

    /// <summary>Gets whether the controller is running.</summary>
    public bool IsRunning => _heartbeat.IsArmed;

    /// <summary>Opens the status LED, records the board layout, and starts the heartbeat.</summary>
    public void Start()
    {
        _statusLed = _gpio.OpenOutput(_board.StatusLedPin, !_board.StatusLedActiveHigh);
        _ledLit = false;
        _startedAtMs = _loop.NowMs;
        _log.Add("board", "started " + _board.Id + " (" + _board.Name + "), mcu " + _board.Mcu + ", " + _board.Modems.Length.ToString() + " modem port(s)");
        for (int i = 0; i < _board.Modems.Length; i++)
        {
            ModemPortDefinition modem = _board.Modems[i];
            _log.Add("board", modem.Name + ": " + modem.Model + " on " + modem.Uart.Port + " at " + modem.Uart.Baud.ToString()
                + " baud, power key GPIO " + modem.PowerKeyPin.ToString()
                + (modem.ResetPin >= 0 ? ", reset GPIO " + modem.ResetPin.ToString() : ", no reset line"));
        }

        _heartbeat.StartPeriodic(HeartbeatHalfPeriodMs);
    }

    /// <summary>Stops the heartbeat and turns the status LED off.</summary>
    public void Stop()
    {
        _heartbeat.Stop();
        SetLed(false);
        _log.Add("board", "stopped after " + ((_loop.NowMs - _startedAtMs) / 1000).ToString() + " s of loop time");
    }

    private void OnHeartbeat(LoopTimer timer)
    {
        SetLed(!_ledLit);
    }

    private void SetLed(bool lit)
    {
        _ledLit = lit;
        if (_statusLed != null)
        {
            _statusLed.Write(lit == _board.StatusLedActiveHigh);
        }
    }
}
