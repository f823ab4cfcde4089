namespace NfBond.Simulation.Modems;

/// <summary>How one module family answers: identity, boot URCs and the vendor commands it knows.</summary>
public sealed class ModemPersonality
{
    /// <summary>Gets the personality name used on the command line (ec25, rm500q, sim7600).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the family: quectel or simcom (decides which vendor commands exist).</summary>
    public required string Vendor { get; init; }

    /// <summary>Gets the <c>AT+CGMI</c> answer.</summary>
    public required string Manufacturer { get; init; }

    /// <summary>Gets the <c>AT+CGMM</c> answer.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the firmware revision.</summary>
    public required string Revision { get; init; }

    /// <summary>Gets whether the module has 5G (EN-DC serving cell, <c>+C5GREG</c>).</summary>
    public bool Has5g { get; init; }

    /// <summary>Gets the URCs printed after the boot delay, in order.</summary>
    public required string[] BootUrcs { get; init; }

    /// <summary>Gets the typical time from power-on to <c>RDY</c>.</summary>
    public long BootDelayMs { get; init; } = 12000;

    /// <summary>Gets the personality for <paramref name="name"/>.</summary>
    /// <param name="name">ec25, rm500q or sim7600 (case-insensitive).</param>
    /// <returns>The personality.</returns>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static ModemPersonality ByName(string name) => name.ToLowerInvariant() switch
    {
        "ec25" => Ec25,
        "rm500q" => Rm500q,
        "sim7600" => Sim7600,
        _ => throw new ArgumentException($"unknown modem personality '{name}'; known: ec25, rm500q, sim7600"),
    };

    /// <summary>Gets Quectel EC25 (LTE Cat 4).</summary>
    public static ModemPersonality Ec25 { get; } = new()
    {
        Name = "ec25",
        Vendor = "quectel",
        Manufacturer = "Quectel",
        Model = "EC25",
        Revision = "EC25EFAR06A03M4G",
        BootUrcs = ["RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"],
    };

    /// <summary>Gets Quectel RM500Q (5G NSA/SA).</summary>
    public static ModemPersonality Rm500q { get; } = new()
    {
        Name = "rm500q",
        Vendor = "quectel",
        Manufacturer = "Quectel",
        Model = "RM500Q-GL",
        Revision = "RM500QGLABR11A06M4G",
        Has5g = true,
        BootUrcs = ["RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"],
        BootDelayMs = 15000,
    };

    /// <summary>Gets SIMCom SIM7600E-H (LTE Cat 4).</summary>
    public static ModemPersonality Sim7600 { get; } = new()
    {
        Name = "sim7600",
        Vendor = "simcom",
        Manufacturer = "SIMCOM INCORPORATED",
        Model = "SIMCOM_SIM7600E-H",
        Revision = "LE20B04SIM7600M22",
        BootUrcs = ["RDY", "+CPIN: READY", "SMS DONE", "PB DONE"],
        BootDelayMs = 14000,
    };
}
