using System;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// The threads around a <see cref="BondEndpoint"/>: the TUN reader, one reader per UDP socket and the timer.
/// Shared by the client (a socket per path) and the server (one socket for every path of a site).
/// </summary>
public sealed class BondLink : IDisposable
{
    private readonly TunDevice _tun;
    private readonly Socket[] _sockets;
    private readonly Thread[] _threads;
    private readonly Action<string> _report;
    private volatile bool _stopping;

    /// <summary>Starts the threads.</summary>
    /// <param name="endpoint">The tunnel end.</param>
    /// <param name="tun">Its TUN interface.</param>
    /// <param name="sockets">The UDP sockets its datagrams arrive on (none when a server's socket reader hands them over).</param>
    /// <param name="report">Told, in words, each change of the TUN interface's MTU and a failure to make it.</param>
    public BondLink(BondEndpoint endpoint, TunDevice tun, Socket[] sockets, Action<string> report)
    {
        Endpoint = endpoint;
        _tun = tun;
        _sockets = sockets;
        _report = report;
        endpoint.TunnelMtuChanged += OnTunnelMtuChanged;
        _threads = [new Thread(ReadTun) { Name = "bond tun", IsBackground = true }, new Thread(Timer) { Name = "bond timer", IsBackground = true },
            .. Array.ConvertAll(sockets, s => new Thread(() => ReadSocket(s)) { Name = "bond udp", IsBackground = true })];
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Gets the tunnel end.</summary>
    public BondEndpoint Endpoint { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The pacers first: nothing may be sent on a closed socket.
        _stopping = true;
        Endpoint.TunnelMtuChanged -= OnTunnelMtuChanged;
        Endpoint.Stop();
        foreach (Socket socket in _sockets)
        {
            socket.Close();
        }

        foreach (Thread thread in _threads)
        {
            thread.Join(2000);
        }

        _tun.Dispose();
    }

    // On the timer's thread: an ioctl, quick.
    private void OnTunnelMtuChanged(int mtu)
    {
        string? error = _tun.SetMtu(mtu);
        _report(error == null ? $"{_tun.Name}: MTU {mtu} (the least path MTU probed less {TunnelCipher.Overhead + 28} bytes of IPv4, UDP and tunnel)" : $"{_tun.Name}: {error}");
    }

    private void ReadTun()
    {
        byte[] buffer = new byte[65_535];
        while (!_stopping)
        {
            int n = _tun.Read(buffer, 100);
            if (n < 0)
            {
                return;
            }

            if (n > 0)
            {
                Endpoint.Send(buffer.AsSpan(0, n));
            }
        }
    }

    private void ReadSocket(Socket socket) => DatagramReader.Run(socket, () => _stopping, (datagram, _) => Endpoint.Receive(datagram, out int _));

    private void Timer()
    {
        while (!_stopping)
        {
            Endpoint.Tick();
            Thread.Sleep(2);
        }
    }
}
