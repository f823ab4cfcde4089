namespace NfBond.Firmware.Modems;

/// <summary>How a modem takes the credentials of an APN.</summary>
public enum AuthStyle
{
    /// <summary>3GPP TS 27.007 <c>AT+CGAUTH=cid,auth,"user","password"</c>.</summary>
    Standard,

    /// <summary>Quectel <c>AT+QICSGP=cid,type,"apn","user","password",auth</c>.</summary>
    Quectel,

    /// <summary>SIMCom <c>AT+CGAUTH=cid,auth,"password","user"</c> (the password first).</summary>
    Simcom,
}
