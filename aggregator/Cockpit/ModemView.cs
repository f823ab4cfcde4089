namespace NfBond.Aggregator.Cockpit;

/// <summary>A cellular modem as its controller last reported it.</summary>
/// <param name="Name">The modem.</param>
/// <param name="State">The supervisor's state (ready, recovering...).</param>
/// <param name="Operator">The network operator, or empty.</param>
/// <param name="Iccid">The SIM's ICCID, or empty.</param>
/// <param name="RsrpDbm">RSRP, dBm (0 unknown).</param>
/// <param name="SinrTenthsDb">SINR, tenths of dB.</param>
/// <param name="Level">The recovery ladder's current step.</param>
public sealed record ModemView(string Name, string State, string Operator, string Iccid, long RsrpDbm, long SinrTenthsDb, string Level);
