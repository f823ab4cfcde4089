using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// The aggregation end: one UDP socket for every site, each datagram handed to its site's tunnel end by the
/// session in its header (the site's key then decides whether it is authentic); a TUN interface per site.
/// </summary>
public sealed class BondServer : IDisposable
{
    private readonly Socket _socket;
    private readonly Dictionary<uint, (BondLink Link, ServerPaths Paths)> _sites = [];
    private readonly Thread _reader;
    private volatile bool _stopping;

    /// <summary>Opens the socket and the sites' TUN interfaces (in the calling thread's network namespace) and starts.</summary>
    /// <param name="listen">Where to listen.</param>
    /// <param name="sites">The sites.</param>
    /// <param name="delivered">Told each site's TUN interface once open (to give it an address).</param>
    /// <param name="report">Told, per site, its TUN interface's MTU changes and their failures; null to say nothing.</param>
    public BondServer(IPEndPoint listen, IEnumerable<BondSite> sites, Action<BondSite, TunDevice> delivered, Action<BondSite, string>? report = null)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20, SendBufferSize = 8 << 20 };
        _socket.SetRawSocketOption(0, 10, BitConverter.GetBytes(2));
        _socket.Bind(listen);
        foreach (BondSite site in sites)
        {
            TunnelCipher cipher = new(site.Key, site.Session, isServer: true, floor: site.Options.CounterFile.Length > 0 ? new CounterFloor(site.Options.CounterFile) : null);
            TunDevice tun = TunDevice.Open(site.Tun);
            delivered(site, tun);
            ServerPaths paths = new(_socket, site.Options.PathBitsPerSecond.Length);
            BondEndpoint endpoint = new(cipher, paths, site.Options, p => tun.Write(p));
            _sites[site.Session] = (new BondLink(endpoint, tun, [], line => report?.Invoke(site, line)), paths);
        }

        _reader = new Thread(Read) { Name = "bond server udp", IsBackground = true };
        _reader.Start();
    }

    /// <summary>Gets the socket's port.</summary>
    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Gets a site's tunnel end.</summary>
    /// <param name="session">The site's session.</param>
    /// <returns>Its endpoint.</returns>
    public BondEndpoint Site(uint session) => _sites[session].Link.Endpoint;

    /// <summary>Gets how many datagrams named no known session.</summary>
    public long Strangers { get; private set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        foreach ((BondLink link, _) in _sites.Values)
        {
            link.Dispose();
        }

        _socket.Close();
        _reader.Join(2000);
    }

    private void Read() => DatagramReader.Run(_socket, () => _stopping, (datagram, from) =>
    {
        if (datagram.Length < TunnelHeader.Size || !_sites.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), out (BondLink Link, ServerPaths Paths) site))
        {
            Strangers++;
            return;
        }

        if (site.Link.Endpoint.Receive(datagram, out int path) == TunnelOpenResult.Ok)
        {
            site.Paths.Learned(path, from);
        }
    });
}
