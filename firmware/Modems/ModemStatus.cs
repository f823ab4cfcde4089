namespace NfBond.Firmware.Modems;

/// <summary>
/// Everything decoded about one modem. Filled by <see cref="ModemDecoder"/> from responses and URCs; the
/// supervisor and the field-log decoder both read it.
/// </summary>
/// <remarks>Signal figures hold <see cref="NotAvailable"/> until a reading arrives or after "no service".</remarks>
public sealed class ModemStatus
{
    /// <summary>The value of a figure that has no reading.</summary>
    public const int NotAvailable = int.MinValue;

    private readonly RegistrationState[] _domains =
    {
        RegistrationState.Unknown, RegistrationState.Unknown, RegistrationState.Unknown, RegistrationState.Unknown,
    };

    /// <summary>Creates an empty status.</summary>
    public ModemStatus()
    {
        ClearSignal();
        Registration = RegistrationState.Unknown;
        Act = AccessTechnology.Unknown;
        Mcc = NotAvailable;
        Mnc = NotAvailable;
    }

    /// <summary>Gets or sets the manufacturer (<c>AT+CGMI</c>).</summary>
    public string? Manufacturer { get; set; }

    /// <summary>Gets or sets the model (<c>AT+CGMM</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the firmware revision.</summary>
    public string? Revision { get; set; }

    /// <summary>Gets or sets the IMEI.</summary>
    public string? Imei { get; set; }

    /// <summary>Gets or sets the IMSI.</summary>
    public string? Imsi { get; set; }

    /// <summary>Gets or sets the ICCID, without the trailing F some SIMs report.</summary>
    public string? Iccid { get; set; }

    /// <summary>Gets or sets the SIM state.</summary>
    public SimState Sim { get; set; }

    /// <summary>Gets or sets the best registration state over the CS, PS, EPS and 5GS domains.</summary>
    public RegistrationState Registration { get; set; }

    /// <summary>Gets or sets which command reported <see cref="Registration"/> (<c>+CEREG</c>, ...).</summary>
    public string? RegistrationSource { get; set; }

    /// <summary>Gets or sets the tracking or location area code, or -1.</summary>
    public long AreaCode { get; set; } = -1;

    /// <summary>Gets or sets the cell id, or -1.</summary>
    public long CellId { get; set; } = -1;

    /// <summary>Gets or sets the access technology code (see <see cref="AccessTechnology"/>).</summary>
    public int Act { get; set; }

    /// <summary>Gets or sets the operator's long name, when the modem reports names.</summary>
    public string? OperatorName { get; set; }

    /// <summary>Gets or sets the mobile country code, or <see cref="NotAvailable"/>.</summary>
    public int Mcc { get; set; }

    /// <summary>Gets or sets the mobile network code, or <see cref="NotAvailable"/>.</summary>
    public int Mnc { get; set; }

    /// <summary>Gets or sets how many digits the MNC has (2 or 3), to print "01" rather than "1".</summary>
    public int MncDigits { get; set; } = 2;

    /// <summary>Gets or sets the RSSI in dBm.</summary>
    public int RssiDbm { get; set; }

    /// <summary>Gets or sets the RSRP (LTE) or SS-RSRP (NR) in dBm.</summary>
    public int RsrpDbm { get; set; }

    /// <summary>Gets or sets the RSRQ in tenths of a dB (-105 is -10.5 dB).</summary>
    public int RsrqTenthsDb { get; set; }

    /// <summary>Gets or sets the SINR in tenths of a dB.</summary>
    public int SinrTenthsDb { get; set; }

    /// <summary>Gets or sets the 5G NR RSRP in dBm when on EN-DC or SA.</summary>
    public int NrRsrpDbm { get; set; }

    /// <summary>Gets or sets the serving-cell state word (<c>NOCONN</c>, <c>CONNECT</c>, <c>Online</c>...).</summary>
    public string? ServingState { get; set; }

    /// <summary>Gets or sets the configured APN of context 1.</summary>
    public string? Apn { get; set; }

    /// <summary>Gets or sets whether PDP context 1 is active.</summary>
    public bool PdpActive { get; set; }

    /// <summary>Gets or sets the address of context 1, or null when there is no session.</summary>
    public string? PdpAddress { get; set; }

    /// <summary>Gets or sets bytes sent, as counted by the modem (<c>AT+QGDCNT</c>), or -1.</summary>
    public long BytesTx { get; set; } = -1;

    /// <summary>Gets or sets bytes received, as counted by the modem, or -1.</summary>
    public long BytesRx { get; set; } = -1;

    /// <summary>Gets the last modem-side ping run of the supervisor's own connectivity check.</summary>
    public PingResult Ping { get; } = new PingResult();

    /// <summary>Gets or sets the last failure cause text (<c>+CEER</c>).</summary>
    public string? LastCause { get; set; }

    /// <summary>Gets or sets how many boot URCs were seen.</summary>
    public int Boots { get; set; }

    /// <summary>Gets whether the modem is registered (home or roaming).</summary>
    public bool IsRegistered => Registration == RegistrationState.Home || Registration == RegistrationState.Roaming;

    /// <summary>
    /// Records one domain's registration (0 CS <c>+CREG</c>, 1 PS <c>+CGREG</c>, 2 EPS <c>+CEREG</c>, 3 5GS
    /// <c>+C5GREG</c>) and recomputes <see cref="Registration"/>: registered on any domain wins; otherwise
    /// denied beats searching beats not searching, because "denied" is the one a person must act on.
    /// </summary>
    /// <param name="domain">0 to 3.</param>
    /// <param name="state">The domain's state.</param>
    public void SetDomainRegistration(int domain, RegistrationState state)
    {
        _domains[domain] = state;
        RegistrationState best = RegistrationState.Unknown;
        for (int i = 0; i < _domains.Length; i++)
        {
            if (Rank(_domains[i]) > Rank(best))
            {
                best = _domains[i];
            }
        }

        Registration = best;
    }

    /// <summary>Forgets all signal figures (no service, or the modem restarted).</summary>
    public void ClearSignal()
    {
        RssiDbm = NotAvailable;
        RsrpDbm = NotAvailable;
        RsrqTenthsDb = NotAvailable;
        SinrTenthsDb = NotAvailable;
        NrRsrpDbm = NotAvailable;
    }

    /// <summary>Forgets what a restart invalidates: SIM, registration, session, signal. Identity stays.</summary>
    public void ForgetSession()
    {
        Sim = SimState.Unknown;
        for (int i = 0; i < _domains.Length; i++)
        {
            _domains[i] = RegistrationState.Unknown;
        }

        Registration = RegistrationState.Unknown;
        PdpActive = false;
        PdpAddress = null;
        ClearSignal();
    }

    private static int Rank(RegistrationState state)
    {
        switch (state)
        {
            case RegistrationState.Home:
                return 5;
            case RegistrationState.Roaming:
                return 4;
            case RegistrationState.Denied:
                return 3;
            case RegistrationState.Searching:
                return 2;
            case RegistrationState.NotSearching:
                return 1;
            default:
                return 0;
        }
    }
}
