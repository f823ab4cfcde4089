using System;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>The site router's end: a socket per WAN link, a TUN interface, and the tunnel end between them.</summary>
public sealed class BondClient : IDisposable
{
    private readonly BondLink _link;

    /// <summary>Opens the sockets and the TUN interface (in the calling thread's network namespace) and starts.</summary>
    /// <param name="session">The site's session.</param>
    /// <param name="key">The site's 32-byte key.</param>
    /// <param name="tun">The TUN interface's name.</param>
    /// <param name="paths">The ways out, one per WAN link (owned from here on: closed with the client, or at once when it cannot start).</param>
    /// <param name="options">The paths' rates (site to server) and timers.</param>
    /// <param name="opened">Told the TUN interface once open (to give it an address).</param>
    /// <param name="fallback">Whose LAN traffic goes into the tunnel while the server answers (and back to plain steering while not), or null to route nothing.</param>
    /// <param name="report">Told the TUN interface's MTU changes and, when <paramref name="fallback"/> is given, routing changes; and their failures.</param>
    public BondClient(uint session, byte[] key, string tun, ClientPaths paths, BondOptions options, Action<TunDevice> opened,
        BondFallback? fallback = null, Action<string>? report = null)
    {
        TunDevice? device = null;
        TunnelCipher cipher;
        try
        {
            // The cipher first: a counter floor that cannot be read stops the start before anything is set up.
            cipher = new TunnelCipher(key, session, isServer: false, floor: options.CounterFile.Length > 0 ? new CounterFloor(options.CounterFile) : null);
            device = TunDevice.Open(tun);
            opened(device);
        }
        catch
        {
            device?.Dispose();
            paths.Dispose();
            throw;
        }

        BondEndpoint endpoint = new(cipher, paths, options, p => device.Write(p));
        Routing = fallback == null ? null : new BondRouting(endpoint, device.Name, fallback, report ?? (_ => { }));
        _link = new BondLink(endpoint, device, paths.Sockets, report ?? (_ => { }));
    }

    /// <summary>Gets the tunnel end.</summary>
    public BondEndpoint Endpoint => _link.Endpoint;

    /// <summary>Gets the LAN's routing between the tunnel and plain steering, when asked for.</summary>
    public BondRouting? Routing { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The LAN first: while the tunnel stops, its traffic already goes the plain way.
        Routing?.Dispose();
        _link.Dispose();
    }
}
