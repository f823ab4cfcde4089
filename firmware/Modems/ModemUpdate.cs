namespace NfBond.Firmware.Modems;

/// <summary>Which part of a <see cref="ModemStatus"/> a decoded line changed (bit flags).</summary>
public static class ModemUpdate
{
    /// <summary>Nothing recognised.</summary>
    public const int None = 0;

    /// <summary>Manufacturer, model, revision, IMEI, IMSI or ICCID.</summary>
    public const int Identity = 1;

    /// <summary>SIM state.</summary>
    public const int Sim = 2;

    /// <summary>Registration, location or access technology.</summary>
    public const int Registration = 4;

    /// <summary>Operator name or MCC/MNC.</summary>
    public const int Operator = 8;

    /// <summary>Signal figures.</summary>
    public const int Signal = 16;

    /// <summary>PDP context state, APN or address.</summary>
    public const int Pdp = 32;

    /// <summary>Data counters.</summary>
    public const int Counters = 64;

    /// <summary>A modem-side ping reply or summary.</summary>
    public const int Ping = 128;

    /// <summary>A boot URC (<c>RDY</c>, <c>*ATREADY</c>): the modem (re)started.</summary>
    public const int Boot = 256;

    /// <summary>The modem powered down.</summary>
    public const int PowerDown = 512;

    /// <summary>A failure cause (<c>+CEER</c>).</summary>
    public const int Cause = 1024;

    /// <summary>The network tore the data session down (<c>+CGEV</c>, <c>+QIURC: "pdpdeact"</c>).</summary>
    public const int PdpLost = 2048;

    /// <summary>A SIM was inserted (<c>+QSIMSTAT: 1,1</c>); its state is known only after <c>+CPIN?</c>.</summary>
    public const int SimInserted = 4096;
}
