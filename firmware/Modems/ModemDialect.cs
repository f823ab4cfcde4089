namespace NfBond.Firmware.Modems;

/// <summary>
/// Where one modem family departs from plain 3GPP TS 27.007: the commands and URCs that differ. Data, not
/// subclasses: the supervisor builds its scripts from these fields and <see cref="ModemDecoder"/> accepts
/// every family's answers.
/// </summary>
public sealed class ModemDialect
{
    /// <summary>Gets or sets the family name (EC2x, RM5xx, SIM7600, A76xx, generic).</summary>
    public string Name { get; set; } = "generic";

    /// <summary>Gets or sets the URC prefixes that mean "I just booted".</summary>
    public string[] BootUrcs { get; set; } = { "RDY" };

    /// <summary>Gets or sets the vendor settings sent after boot; each is optional (old firmware lacks some).</summary>
    public string[] ConfigRequests { get; set; } = new string[0];

    /// <summary>Gets or sets the command reading the firmware revision.</summary>
    public string RevisionRequest { get; set; } = "AT+CGMR";

    /// <summary>Gets or sets the revision response prefix, or an empty string for a bare line.</summary>
    public string RevisionPrefix { get; set; } = "";

    /// <summary>Gets or sets the command reading the ICCID.</summary>
    public string IccidRequest { get; set; } = "AT+CCID";

    /// <summary>Gets or sets the serving-cell command, or null.</summary>
    public string? ServingCellRequest { get; set; }

    /// <summary>Gets or sets the serving-cell response prefix.</summary>
    public string ServingCellPrefix { get; set; } = "";

    /// <summary>Gets or sets the data-counter command, or null when the modem keeps none.</summary>
    public string? CountersRequest { get; set; }

    /// <summary>Gets or sets the data-counter response prefix.</summary>
    public string CountersPrefix { get; set; } = "";

    /// <summary>Gets or sets the modem's own URC for a data session the network ended, or null when it only sends <c>+CGEV</c>.</summary>
    public string? SessionUrc { get; set; }

    /// <summary>Gets or sets the modem's own SIM insertion URC, or null when it has none.</summary>
    public string? SimUrc { get; set; }

    /// <summary>Gets or sets how the modem pings.</summary>
    public PingStyle Ping { get; set; }

    /// <summary>Gets or sets the graceful power-off command.</summary>
    public string PowerOffRequest { get; set; } = "AT+CFUN=0";

    /// <summary>Gets or sets the URC confirming power-off, or null when the modem prints none.</summary>
    public string? PowerOffUrc { get; set; }

    /// <summary>Gets or sets the soft reset command.</summary>
    public string SoftResetRequest { get; set; } = "AT+CFUN=1,1";

    /// <summary>Gets or sets how the modem takes the APN's credentials.</summary>
    public AuthStyle Auth { get; set; }

    /// <summary>Gets or sets whether the modem has 5G registration (<c>+C5GREG</c>).</summary>
    public bool Has5g { get; set; }

    /// <summary>Gets the ping response prefix.</summary>
    public string PingPrefix => Ping == PingStyle.Simcom ? "+CPING:" : "+QPING:";

    /// <summary>Builds the command that gives PDP context 1 its credentials (allocates; done once per attach).</summary>
    /// <param name="sim">The SIM settings.</param>
    /// <returns>The command, or null when the APN needs no authentication.</returns>
    public string? AuthRequest(SimSettings sim)
    {
        if (sim.Auth == 0)
        {
            return null;
        }

        string user = "\"" + sim.User + "\"";
        string password = "\"" + sim.Password + "\"";
        switch (Auth)
        {
            case AuthStyle.Quectel:
                // Context type 1 IPv4, 2 IPv6, 3 IPv4v6; the authentication numbers are 3GPP's.
                int type = sim.PdpType == "IP" ? 1 : sim.PdpType == "IPV6" ? 2 : 3;
                return "AT+QICSGP=1," + type.ToString() + ",\"" + sim.Apn + "\"," + user + "," + password + "," + sim.Auth.ToString();
            case AuthStyle.Simcom:
                // SIMCom swaps 3GPP's order: the password comes before the user.
                return "AT+CGAUTH=1," + sim.Auth.ToString() + "," + password + "," + user;
            default:
                return "AT+CGAUTH=1," + sim.Auth.ToString() + "," + user + "," + password;
        }
    }

    /// <summary>Builds the ping command (allocates; done when the target changes).</summary>
    /// <param name="host">Target host name or address.</param>
    /// <param name="timeoutSeconds">Per-reply timeout, 1 to 255.</param>
    /// <param name="count">Echo requests, 1 to 10.</param>
    /// <returns>The command, or null when the modem cannot ping.</returns>
    public string? PingRequest(string host, int timeoutSeconds, int count)
    {
        switch (Ping)
        {
            case PingStyle.Quectel:
                return "AT+QPING=1,\"" + host + "\"," + timeoutSeconds + "," + count;
            case PingStyle.Simcom:
                return "AT+CPING=\"" + host + "\",1," + count + ",64,1000," + (timeoutSeconds * 1000) + ",255";
            default:
                return null;
        }
    }
}
