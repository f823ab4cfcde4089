namespace NfBond.Aggregator.Alerts;

/// <summary>How alerts behave and how e-mail leaves: section "Aggregator:Alerts" of the settings.</summary>
public sealed class AlertOptions
{
    /// <summary>Gets or sets how long a link must stay down before it is alerted, in seconds (shorter blips raise nothing).</summary>
    public int LinkDownSeconds { get; set; } = 60;

    /// <summary>Gets or sets how soon a cleared incident that comes back is the same incident again (flap damping), in seconds.</summary>
    public int FlapSeconds { get; set; } = 300;

    /// <summary>Gets or sets how often an open, unacknowledged incident is sent again, in seconds (0: never).</summary>
    public int RenotifySeconds { get; set; } = 3600;

    /// <summary>Gets or sets after how long an unacknowledged incident also goes to the escalation channels, in seconds.</summary>
    public int EscalateSeconds { get; set; } = 900;

    /// <summary>Gets or sets how long a modem's signal must stay poor before it is alerted, in minutes.</summary>
    public int PoorSignalMinutes { get; set; } = 10;

    /// <summary>Gets or sets the RSRP below which a signal is poor, in dBm (-110: the cell edge, where LTE throughput collapses).</summary>
    public int PoorRsrpDbm { get; set; } = -110;

    /// <summary>Gets or sets the SINR below which a signal is poor, in dB (below 0 the noise is stronger than the cell).</summary>
    public int PoorSinrDb { get; set; }

    /// <summary>Gets or sets how often due alerts and deadlines are looked at, in milliseconds.</summary>
    public int TickMs { get; set; } = 500;

    /// <summary>Gets or sets the SMTP server's host for e-mail channels (empty: e-mail alerts wait in the outbox).</summary>
    public string SmtpHost { get; set; } = "";

    /// <summary>Gets or sets the SMTP port.</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>Gets or sets how the SMTP connection is secured: "starttls", "tls" or "none" (lab only).</summary>
    public string SmtpSecurity { get; set; } = "starttls";

    /// <summary>Gets or sets the SMTP user, or empty for none.</summary>
    public string SmtpUser { get; set; } = "";

    /// <summary>Gets or sets the SMTP password.</summary>
    public string SmtpPassword { get; set; } = "";

    /// <summary>Gets or sets the sender address.</summary>
    public string SmtpFrom { get; set; } = "nf-bond@localhost";
}
