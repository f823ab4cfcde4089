namespace NfBond.Firmware.Modems;

/// <summary>How a modem pings from its own data session.</summary>
public enum PingStyle
{
    /// <summary>No modem-side ping.</summary>
    None,

    /// <summary>Quectel <c>AT+QPING=cid,"host",timeout,count</c>, results as <c>+QPING:</c> URCs.</summary>
    Quectel,

    /// <summary>SIMCom <c>AT+CPING="host",1,count,...</c>, results as <c>+CPING:</c> URCs.</summary>
    Simcom,
}
