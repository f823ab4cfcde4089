namespace NfBond.Firmware.Modems;

/// <summary>Settings of one modem's supervision. Defaults follow the modules' manuals and field experience.</summary>
public sealed class ModemSupervisorOptions
{
    /// <summary>Gets or sets how the SIM gets online: APN, PDP type, credentials, PIN. A rejected PIN is never retried (three wrong tries lock the SIM).</summary>
    public SimSettings Sim { get; set; } = new SimSettings();

    /// <summary>Gets or sets the steady-state poll interval (signal, registration, address, counters).</summary>
    public int PollIntervalMs { get; set; } = 10000;

    /// <summary>Gets or sets the registration poll interval while not registered.</summary>
    public int RegistrationPollMs { get; set; } = 2000;

    /// <summary>Gets or sets the modem-side ping target, or null for none.</summary>
    public string? PingHost { get; set; } = "8.8.8.8";

    /// <summary>Gets or sets the modem-side ping interval in data-ready state.</summary>
    public int PingIntervalMs { get; set; } = 60000;

    /// <summary>Gets or sets the failed pings in a row that mean "registered but no data".</summary>
    public int PingFailuresBeforeAction { get; set; } = 2;

    /// <summary>Gets or sets the polls with sent bytes growing and received bytes frozen that mean a receive stall.</summary>
    public int RxStallPolls { get; set; } = 6;

    /// <summary>Gets or sets the liveness timeout of a probing <c>AT</c>.</summary>
    public int ProbeTimeoutMs { get; set; } = 3000;

    /// <summary>Gets or sets how many unanswered probes declare AT dead.</summary>
    public int ProbeTries { get; set; } = 3;

    /// <summary>Gets or sets the bit rate the modem should run at.</summary>
    public int BaudRate { get; set; } = 115200;

    /// <summary>Gets or sets the rates tried when the modem is silent (a saved <c>AT+IPR</c> survives reboots).</summary>
    public int[] HuntBaudRates { get; set; } = { 115200, 9600, 57600, 230400, 460800, 921600 };

    /// <summary>Gets or sets how long to wait for the boot URC after power-on or reset.</summary>
    public int BootTimeoutMs { get; set; } = 20000;

    /// <summary>Gets or sets how long a busy or failing SIM is retried before recovery.</summary>
    public int SimBusyTimeoutMs { get; set; } = 30000;

    /// <summary>Gets or sets how often a SIM fault is checked again.</summary>
    public int SimFaultRecheckMs { get; set; } = 60000;

    /// <summary>Gets or sets how long "denied" or "not searching" must last before acting.</summary>
    public int RegistrationPersistMs { get; set; } = 10000;

    /// <summary>Gets or sets the longest time searching is left alone.</summary>
    public int RegistrationTimeoutMs { get; set; } = 180000;

    /// <summary>Gets or sets how long registration may be lost in data-ready state before re-registering.</summary>
    public int RegistrationLossGraceMs { get; set; } = 15000;

    /// <summary>Gets or sets the radio-off time of a radio cycle.</summary>
    public int RadioOffMs { get; set; } = 10000;

    /// <summary>Gets or sets the cap on modem restarts in any hour.</summary>
    public int MaxResetsPerHour { get; set; } = 4;

    /// <summary>Gets or sets the first back-off after the top rung failed (doubles each time).</summary>
    public long BackoffInitialMs { get; set; } = 60000;

    /// <summary>Gets or sets the longest back-off.</summary>
    public long BackoffMaxMs { get; set; } = 1800000;

    /// <summary>Gets or sets how long data-ready must last before the ladder starts again from the bottom.</summary>
    public long StableMs { get; set; } = 600000;

    /// <summary>Gets or sets the power key pulse that switches the modem on.</summary>
    public int PowerKeyOnPulseMs { get; set; } = 700;

    /// <summary>Gets or sets the power key pulse that switches the modem off.</summary>
    public int PowerKeyOffPulseMs { get; set; } = 1000;

    /// <summary>Gets or sets the wait after an off pulse or power-off command before switching on.</summary>
    public int PowerOffWaitMs { get; set; } = 33000;

    /// <summary>Gets or sets the RESET_N pulse.</summary>
    public int ResetPulseMs { get; set; } = 300;

    /// <summary>Gets or sets how long the load switch stays off.</summary>
    public int HardOffMs { get; set; } = 2000;

    /// <summary>Gets or sets how many unexpected restarts within <see cref="RebootLoopWindowMs"/> mean a reset loop (brown-out).</summary>
    public int RebootLoopCount { get; set; } = 3;

    /// <summary>Gets or sets the window for <see cref="RebootLoopCount"/>.</summary>
    public long RebootLoopWindowMs { get; set; } = 600000;
}
