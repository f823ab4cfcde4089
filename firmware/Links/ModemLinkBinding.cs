using NfBond.Firmware.Modems;

namespace NfBond.Firmware.Links;

/// <summary>
/// Ties a cellular link to its modem: the link is down whenever the modem is not data ready (with the
/// supervisor's cause), without waiting for probes to time out.
/// </summary>
public static class ModemLinkBinding
{
    /// <summary>Makes <paramref name="link"/> follow <paramref name="supervisor"/>'s state.</summary>
    /// <param name="supervisor">The modem's supervisor.</param>
    /// <param name="monitor">The link monitor.</param>
    /// <param name="link">The cellular link the modem serves.</param>
    public static void Bind(ModemSupervisor supervisor, LinkMonitor monitor, LinkWatch link)
    {
        supervisor.EventRaised += (s, e) => monitor.SetModemReady(link, s.IsDataReady, ModemSupervisor.StateName(s.State) + ": " + e.Cause);
        monitor.SetModemReady(link, supervisor.IsDataReady, ModemSupervisor.StateName(supervisor.State));
    }
}
