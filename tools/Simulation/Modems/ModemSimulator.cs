using System.Text;
using NfBond.Firmware.Runtime;

namespace NfBond.Simulation.Modems;

/// <summary>
/// A cellular module on the far end of a UART: echo, final results, URCs and realistic delays as the real
/// EC25, RM500Q and SIM7600 print them, plus the field failures of <see cref="ModemFaults"/>. Time comes
/// from the event loop, so the same simulator runs under virtual time in tests and in real time behind a
/// pseudo-terminal.
/// </summary>
public sealed class ModemSimulator
{
    private const string Ip = "10.64.12.7";

    private readonly EventLoop _loop;
    private readonly ModemPersonality _personality;
    private readonly StringBuilder _input = new();
    private readonly Queue<string> _commands = new();
    private readonly LoopTimer _bootTimer;
    private readonly LoopTimer _commandTimer;
    private readonly LoopTimer _registerTimer;
    private readonly Random _random = new(1);
    private readonly int[] _regMode = new int[4];
    private string? _busyWith;
    private long _bootedAt;
    private long _keyPressedAt = -1;
    private bool _radioOn;
    private int _registration;
    private bool _pdpActive;
    private bool _simUnlocked;
    private bool _simInsertionUrcs;
    private int _pinTries = 3;
    private long _txBytes;
    private long _rxBytes;
    private long _countersAt;
    private int _copsFormat;
    private int _cmee = 1;

    /// <summary>Creates a powered-off module.</summary>
    /// <param name="loop">Supplies time and runs the module's delays.</param>
    /// <param name="personality">Which module to be.</param>
    /// <param name="faults">Failures to show (may be changed while running).</param>
    public ModemSimulator(EventLoop loop, ModemPersonality personality, ModemFaults faults)
    {
        _loop = loop;
        _personality = personality;
        Faults = faults;
        _bootTimer = new LoopTimer(loop, _ => Booted());
        _commandTimer = new LoopTimer(loop, _ => Respond());
        _registerTimer = new LoopTimer(loop, _ => Register());
    }

    /// <summary>Raised with every byte sequence the module sends to the host.</summary>
    public event Action<byte[]>? Output;

    /// <summary>Gets the failures being simulated.</summary>
    public ModemFaults Faults { get; }

    /// <summary>Gets the personality.</summary>
    public ModemPersonality Personality => _personality;

    /// <summary>Gets whether the module has power and is switched on.</summary>
    public bool IsOn { get; private set; }

    /// <summary>Gets whether the module has finished booting.</summary>
    public bool IsBooted { get; private set; }

    /// <summary>Gets how many times the module booted.</summary>
    public int Boots { get; private set; }

    /// <summary>Gets how many commands it received.</summary>
    public int Commands { get; private set; }

    /// <summary>Gets the first <see cref="MaxReceived"/> commands the host sent, in order (what a UART capture would show).</summary>
    public List<string> Received { get; } = [];

    /// <summary>How many commands <see cref="Received"/> keeps (a simulated day sends millions).</summary>
    public const int MaxReceived = 10_000;

    /// <summary>Gets or sets the module's own baud rate (a saved <c>AT+IPR</c> survives reboots).</summary>
    public int BaudRate { get; set; } = 115200;

    /// <summary>Gets or sets the host side's baud rate; when it differs from <see cref="BaudRate"/> both directions are garbled.</summary>
    public int HostBaudRate { get; set; } = 115200;

    /// <summary>Gets or sets whether the module echoes commands (ATE1 after every boot, as shipped).</summary>
    public bool Echo { get; set; } = true;

    /// <summary>Gets or sets whether applying supply power switches the module on (no power key wired).</summary>
    public bool AutoPowerOn { get; set; } = true;

    /// <summary>Gets whether a data session is active.</summary>
    public bool PdpActive => _pdpActive;

    /// <summary>Gets the registration stat the module reports.</summary>
    public int Registration => _registration;

    /// <summary>Wires the module to an in-process serial line.</summary>
    /// <param name="line">The host end.</param>
    public void Attach(SimulatedSerialLine line)
    {
        line.Transmitted += Receive;
        line.BaudRateChanged += rate => HostBaudRate = rate;
        HostBaudRate = line.BaudRate;
        Output += line.Deliver;
    }

    /// <summary>Wires the module's control inputs to GPIO outputs of the controller.</summary>
    /// <param name="powerKey">PWRKEY (high = pressed), or null.</param>
    /// <param name="reset">RESET_N (high = asserted), or null.</param>
    /// <param name="supply">Load switch (high = on), or null.</param>
    public void WirePins(SimulatedGpioLine? powerKey, SimulatedGpioLine? reset, SimulatedGpioLine? supply)
    {
        if (powerKey != null)
        {
            AutoPowerOn = false;
            powerKey.Changed += OnPowerKey;
        }

        if (reset != null)
        {
            reset.Changed += line =>
            {
                if (!line.IsHigh && IsOn)
                {
                    Restart();
                }
            };
        }

        if (supply != null)
        {
            supply.Changed += line =>
            {
                if (!line.IsHigh)
                {
                    PowerDown(false);
                }
                else if (AutoPowerOn)
                {
                    PowerUp();
                }
            };
        }
    }

    /// <summary>Switches the module on now (as if the board powered it at start-up).</summary>
    public void PowerUp()
    {
        if (IsOn || Faults.Dead)
        {
            return;
        }

        IsOn = true;
        Faults.Hang = false;
        _bootTimer.Start(Faults.BootDelayMs ?? _personality.BootDelayMs);
    }

    /// <summary>Host to module: bytes written by the host.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Receive(byte[] bytes)
    {
        if (!IsBooted || Faults.Hang || BaudRate != HostBaudRate)
        {
            return;
        }

        foreach (byte b in bytes)
        {
            if (b == '\r')
            {
                string command = _input.ToString();
                _input.Clear();
                if (Echo)
                {
                    Send(command + "\r");
                }

                if (command.Length > 0)
                {
                    _commands.Enqueue(command);
                    Commands++;
                    if (Received.Count < MaxReceived)
                    {
                        Received.Add(command);
                    }
                }

                Next();
            }
            else if (b != '\n' && _input.Length < 1024)
            {
                _input.Append((char)b);
            }
        }
    }

    /// <summary>Module to host: an unsolicited line, framed as the module frames URCs.</summary>
    /// <param name="urc">The URC text.</param>
    public void SendUrc(string urc) => Send("\r\n" + urc + "\r\n");

    /// <summary>Someone puts the SIM in; a Quectel module told <c>AT+QSIMSTAT=1</c> reports it (<c>+QSIMSTAT: 1,1</c>).</summary>
    public void InsertSim()
    {
        Faults.SimMissing = false;
        if (!IsBooted)
        {
            return;
        }

        if (_simInsertionUrcs)
        {
            SendUrc("+QSIMSTAT: 1,1");
        }

        ScheduleRegistration();
    }

    /// <summary>The network tears the data session down (<c>+CGEV: NW PDN DEACT</c>).</summary>
    public void DropDataSession()
    {
        _pdpActive = false;
        SendUrc("+CGEV: NW PDN DEACT 1");
    }

    private void OnPowerKey(SimulatedGpioLine line)
    {
        if (line.IsHigh)
        {
            _keyPressedAt = _loop.NowMs;
            return;
        }

        long held = _loop.NowMs - _keyPressedAt;
        if (!IsOn && held >= 500)
        {
            PowerUp();
        }
        else if (IsOn && held >= 650)
        {
            PowerDown(true);
        }
    }

    private void PowerDown(bool orderly)
    {
        if (!IsOn)
        {
            return;
        }

        if (orderly && IsBooted && !Faults.Hang && _personality.Vendor == "quectel")
        {
            SendUrc("POWERED DOWN");
        }

        IsOn = false;
        IsBooted = false;
        Faults.Hang = false;
        _bootTimer.Stop();
        _commandTimer.Stop();
        _registerTimer.Stop();
        _commands.Clear();
        _busyWith = null;
        _radioOn = false;
        _registration = 0;
        _pdpActive = false;
        if (Faults.NoDataNeedsPowerCycle)
        {
            Faults.NoData = false;
        }
    }

    private void Restart()
    {
        PowerDown(false);
        PowerUp();
    }

    private void Booted()
    {
        IsBooted = true;
        Boots++;
        _bootedAt = _loop.NowMs;
        Echo = true;
        _cmee = 1;
        _simUnlocked = Faults.SimPin == null;
        _radioOn = true;
        _registration = 2;
        _pdpActive = false;
        Array.Clear(_regMode);
        if (!Faults.NoBootUrc)
        {
            foreach (string urc in _personality.BootUrcs)
            {
                SendUrc(urc.StartsWith("+CPIN:") ? "+CPIN: " + CpinWord() : urc);
            }
        }

        ScheduleRegistration();
    }

    private string CpinWord() => Faults.SimMissing ? "NOT INSERTED" : !_simUnlocked ? "SIM PIN" : "READY";

    private void ScheduleRegistration()
    {
        if (Faults.SimMissing || !_simUnlocked || !_radioOn)
        {
            return;
        }

        long simReady = _bootedAt + Math.Max(Faults.SimBusyMs, Faults.SimFailureMs);
        _registerTimer.StartAt(Math.Max(_loop.NowMs, simReady) + Faults.RegistrationDelayMs);
    }

    private void Register()
    {
        _registration = Faults.RegistrationDenied ? 3 : 1;
        for (int domain = 0; domain < 4; domain++)
        {
            if (_regMode[domain] > 0 && (domain != 3 || _personality.Has5g))
            {
                SendUrc(RegistrationLine(domain, read: false));
            }
        }
    }

    private void Next()
    {
        if (_busyWith != null || _commands.Count == 0)
        {
            return;
        }

        _busyWith = _commands.Dequeue();
        _commandTimer.Start(DelayOf(_busyWith));
    }

    private static long DelayOf(string command) => command.ToUpperInvariant() switch
    {
        "AT+CGACT=1,1" => 800,
        "AT+CGACT=0,1" => 300,
        "AT+COPS=0" => 1500,
        "AT+CFUN=0" or "AT+CFUN=1" => 400,
        _ when command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase) => 300,
        _ => 15,
    };

    private void Respond()
    {
        string command = _busyWith!;
        _busyWith = null;
        if (Faults.RebootOnNextCommand)
        {
            Faults.RebootOnNextCommand = false;
            Restart();
            return;
        }

        if (Faults.GarbageBytes > 0)
        {
            byte[] garbage = new byte[Faults.GarbageBytes];
            Array.Fill(garbage, (byte)0xFF);
            Emit(garbage);
        }

        Execute(command);
        Next();
    }

    private void Execute(string command)
    {
        string upper = command.ToUpperInvariant();
        bool quectel = _personality.Vendor == "quectel";
        switch (upper)
        {
            case "AT":
                Ok();
                return;
            case "ATE0":
                Echo = false;
                Ok();
                return;
            case "ATE1":
                Echo = true;
                Ok();
                return;
            case "AT+CGMI":
                Lines(_personality.Manufacturer);
                return;
            case "AT+CGMM":
                Lines(_personality.Model);
                return;
            case "AT+CGMR":
                Lines(quectel ? "Revision: " + _personality.Revision : "+CGMR: " + _personality.Revision);
                return;
            case "AT+QGMR" when quectel:
                Lines(_personality.Revision + "_01.001.01.001");
                return;
            case "AT+CGSN":
                Lines("867698041234567");
                return;
            case "AT+CIMI":
                if (SimError())
                {
                    return;
                }

                Lines("262019876543210");
                return;
            case "AT+QCCID" when quectel:
                if (!SimError())
                {
                    Lines("+QCCID: 8949020000123456789F");
                }

                return;
            case "AT+CICCID" when !quectel:
                if (!SimError())
                {
                    Lines("+ICCID: 8949020000123456789");
                }

                return;
            case "AT+CPIN?":
                if (!SimError())
                {
                    Lines("+CPIN: " + CpinWord());
                }

                return;
            case "AT+CSQ":
                Lines(_registration is 1 or 5 ? "+CSQ: 21,99" : "+CSQ: 99,99");
                return;
            case "AT+COPS?":
                Lines(_registration is 1 or 5 ? (_copsFormat == 2 ? "+COPS: 0,2,\"26201\",7" : "+COPS: 0,0,\"Telekom.de\",7") : "+COPS: 0");
                return;
            case "AT+COPS=3,2":
                _copsFormat = 2;
                Ok();
                return;
            case "AT+COPS=0":
                Ok();
                ScheduleRegistration();
                return;
            case "AT+CFUN=0":
                _radioOn = false;
                _registration = 0;
                _pdpActive = false;
                _registerTimer.Stop();
                if (Faults.DenialClearsOnRadioCycle)
                {
                    Faults.RegistrationDenied = false;
                }

                Ok();
                return;
            case "AT+CFUN=1":
                _radioOn = true;
                _registration = 2;
                Ok();
                ScheduleRegistration();
                return;
            case "AT+CFUN=1,1":
            case "AT+CRESET" when !quectel:
                Ok();
                Restart();
                return;
            case "AT+QPOWD=1" when quectel:
                Ok();
                new LoopTimer(_loop, _ => PowerDown(true)).Start(1500);
                return;
            case "AT+CPOF" when !quectel:
                Ok();
                PowerDown(false);
                return;
            case "AT+CGACT=1,1":
                if (Faults.BrownOutOnAttach)
                {
                    Restart();
                    return;
                }

                if (_registration is not (1 or 5))
                {
                    Error(30, "no network service");
                    return;
                }

                _pdpActive = true;
                if (!Faults.NoDataNeedsPowerCycle)
                {
                    Faults.NoData = false;
                }

                Ok();
                return;
            case "AT+CGACT=0,1":
                _pdpActive = false;
                Ok();
                return;
            case "AT+CGACT?":
                Lines($"+CGACT: 1,{(_pdpActive ? 1 : 0)}");
                return;
            case "AT+CGPADDR=1":
                string address = _pdpActive ? Ip : "0.0.0.0";
                Lines(quectel ? $"+CGPADDR: 1,\"{address}\"" : $"+CGPADDR: 1,{address}");
                return;
            case "AT+QGDCNT?" when quectel:
                AdvanceCounters();
                Lines($"+QGDCNT: {_txBytes},{_rxBytes}");
                return;
            case "AT+QENG=\"SERVINGCELL\"" when quectel:
                ServingCell();
                return;
            case "AT+CPSI?" when !quectel:
                Lines(_registration is 1 or 5
                    ? "+CPSI: LTE,Online,262-01,0x1A2B,27447297,301,EUTRAN-BAND3,1300,5,5,-105,-950,-650,12"
                    : "+CPSI: NO SERVICE,Online");
                return;
            case "AT+CEER":
                Lines(_registration == 3 ? "+CEER: \"EMM reject cause 11: PLMN not allowed\"" : "+CEER: \"no cause\"");
                return;
        }

        if (TrySetting(upper, quectel) || TryRegistration(upper) || TryPing(command, quectel) || TryPin(command))
        {
            return;
        }

        Send("\r\nERROR\r\n");
    }

    private bool TrySetting(string upper, bool quectel)
    {
        if (upper.StartsWith("AT+CMEE=") && int.TryParse(upper.AsSpan(8), out int cmee))
        {
            _cmee = cmee;
            Ok();
            return true;
        }

        if (upper.StartsWith("AT+CGEREP=") || upper.StartsWith("AT+CGDCONT=1,"))
        {
            Ok();
            return true;
        }

        if (upper.StartsWith("AT+IPR="))
        {
            Ok();
            BaudRate = int.Parse(upper[7..], System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        bool vendorSetting = quectel
            ? upper.StartsWith("AT+QURCCFG=") || upper.StartsWith("AT+QCFG=") || upper == "AT+QSCLK=0" || upper == "AT+QSIMSTAT=1" || upper.StartsWith("AT+QICSGP=1,")
            : upper == "AT+CSCLK=0" || upper == "AT+CATR=1" || upper.StartsWith("AT+CGAUTH=1,");
        if (vendorSetting)
        {
            _simInsertionUrcs |= upper == "AT+QSIMSTAT=1";
            Ok();
        }

        return vendorSetting;
    }

    private bool TryRegistration(string upper)
    {
        string[] names = ["AT+CREG", "AT+CGREG", "AT+CEREG", "AT+C5GREG"];
        for (int domain = 0; domain < names.Length; domain++)
        {
            if (domain == 3 && !_personality.Has5g)
            {
                continue;
            }

            if (upper == names[domain] + "?")
            {
                Lines(RegistrationLine(domain, read: true));
                return true;
            }

            if (upper.StartsWith(names[domain] + "=") && int.TryParse(upper.AsSpan(names[domain].Length + 1), out int mode))
            {
                _regMode[domain] = mode;
                Ok();
                return true;
            }
        }

        return false;
    }

    private string RegistrationLine(int domain, bool read)
    {
        string prefix = domain switch { 0 => "+CREG: ", 1 => "+CGREG: ", 2 => "+CEREG: ", _ => "+C5GREG: " };
        string head = read ? $"{_regMode[domain]},{_registration}" : $"{_registration}";
        bool location = _regMode[domain] >= 2 && _registration is 1 or 5;
        int act = domain == 3 ? 11 : 7;
        return prefix + head + (location ? $",\"1A2B\",\"01A2B3C\",{act}" : string.Empty);
    }

    private bool TryPing(string command, bool quectel)
    {
        string upper = command.ToUpperInvariant();
        if (quectel && upper.StartsWith("AT+QPING="))
        {
            Ok();
            bool reply = _pdpActive && !Faults.NoData;
            LoopTimer timer = new(_loop, _ =>
            {
                if (reply)
                {
                    SendUrc("+QPING: 0,\"8.8.8.8\",32,41,255");
                    SendUrc("+QPING: 0,1,1,0,41,41,41");
                }
                else
                {
                    SendUrc("+QPING: 0,1,0,1,0,0,0");
                }
            });
            timer.Start(reply ? 60 : 4000);
            return true;
        }

        if (!quectel && upper.StartsWith("AT+CPING="))
        {
            Ok();
            bool reply = _pdpActive && !Faults.NoData;
            LoopTimer timer = new(_loop, _ =>
            {
                SendUrc(reply ? "+CPING: 1,8.8.8.8,64,41,255" : "+CPING: 2");
                SendUrc(reply ? "+CPING: 3,1,1,0,41,41,41" : "+CPING: 3,1,0,1,0,0,0");
            });
            timer.Start(reply ? 60 : 4000);
            return true;
        }

        return false;
    }

    private bool TryPin(string command)
    {
        if (!command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string pin = command[8..].Trim('"');
        if (_simUnlocked || Faults.SimPin == null)
        {
            Error(3, "operation not allowed");
        }
        else if (_pinTries == 0)
        {
            Error(12, "SIM PUK required");
        }
        else if (pin == Faults.SimPin)
        {
            _simUnlocked = true;
            Ok();
            SendUrc("+CPIN: READY");
            ScheduleRegistration();
        }
        else
        {
            _pinTries--;
            Error(16, "incorrect password");
        }

        return true;
    }

    private bool SimError()
    {
        long sinceBoot = _loop.NowMs - _bootedAt;
        if (Faults.SimMissing)
        {
            Error(10, "SIM not inserted");
        }
        else if (_pinTries == 0)
        {
            Error(12, "SIM PUK required");
        }
        else if (sinceBoot < Faults.SimFailureMs)
        {
            Error(13, "SIM failure");
        }
        else if (sinceBoot < Faults.SimBusyMs)
        {
            Error(14, "SIM busy");
        }
        else
        {
            return false;
        }

        return true;
    }

    private void ServingCell()
    {
        if (_registration is not (1 or 5))
        {
            Lines("+QENG: \"servingcell\",\"SEARCH\"");
            return;
        }

        if (_personality.Has5g)
        {
            Lines(
                "+QENG: \"servingcell\",\"NOCONN\"",
                "+QENG: \"LTE\",\"FDD\",262,01,1A2B3C4,301,1300,3,5,5,1A2B,-92,-10,-63,14,9,-,30",
                "+QENG: \"NR5G-NSA\",262,01,617,-86,24,-11,627264,78,12,1");
            return;
        }

        Lines("+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",262,01,1A2B3C4,301,1300,3,5,5,1A2B,-95,-11,-65,12,40");
    }

    private void AdvanceCounters()
    {
        long elapsed = _loop.NowMs - _countersAt;
        _countersAt = _loop.NowMs;
        if (_pdpActive)
        {
            _txBytes += elapsed / 10;
            if (!Faults.NoData)
            {
                _rxBytes += elapsed / 2;
            }
        }
    }

    private void Ok() => Send("\r\nOK\r\n");

    private void Lines(params string[] lines) => Send(string.Concat(lines.Select(l => "\r\n" + l + "\r\n")) + "\r\nOK\r\n");

    private void Error(int code, string text) => Send(_cmee switch
    {
        0 => "\r\nERROR\r\n",
        1 => $"\r\n+CME ERROR: {code}\r\n",
        _ => $"\r\n+CME ERROR: {text}\r\n",
    });

    private void Send(string text) => Emit(Encoding.Latin1.GetBytes(text));

    private void Emit(byte[] bytes)
    {
        if (!IsOn)
        {
            return;
        }

        if (BaudRate != HostBaudRate)
        {
            // At the wrong rate the host sees framing garbage, not text.
            byte[] garbled = new byte[bytes.Length];
            _random.NextBytes(garbled);
            for (int i = 0; i < garbled.Length; i++)
            {
                garbled[i] |= 0x80;
            }

            bytes = garbled;
        }

        Output?.Invoke(bytes);
    }
}
