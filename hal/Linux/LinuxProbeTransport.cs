using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NfBond.Firmware.Links;

namespace NfBond.Hal.Linux;

/// <summary>
/// Probes over real sockets pinned to a link (see <see cref="LinkSockets"/>): TCP connect, a DNS query
/// over UDP, HTTP(S) GET through HttpClient, and ICMP echo over a raw socket. Each probe runs as a task
/// and reports through <see cref="Completed"/> from the thread pool.
/// </summary>
public sealed class LinuxProbeTransport : IProbeTransport, IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _http = new();
    private int _nextId = Environment.ProcessId & 0x7fff;

    /// <inheritdoc/>
    public event ProbeCompletedHandler? Completed;

    /// <inheritdoc/>
    public bool Supports(ProbeKind kind, string iface) => kind != ProbeKind.ModemPing;

    /// <inheritdoc/>
    public void Send(ProbeRequest request)
    {
        _ = Task.Run(() => RunAsync(request));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (HttpClient client in _http.Values)
        {
            client.Dispose();
        }
    }

    private async Task RunAsync(ProbeRequest request)
    {
        long start = Stopwatch.GetTimestamp();
        using CancellationTokenSource timeout = new(request.TimeoutMs);
        string error;
        try
        {
            error = request.Kind switch
            {
                ProbeKind.Tcp => await TcpAsync(request, timeout.Token),
                ProbeKind.Dns => await DnsAsync(request, timeout.Token),
                ProbeKind.Http or ProbeKind.Https => await HttpAsync(request, timeout.Token),
                ProbeKind.Icmp => await IcmpAsync(request, timeout.Token),
                _ => "not supported by this transport",
            };
        }
        catch (OperationCanceledException)
        {
            error = "timeout after " + request.TimeoutMs + " ms";
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode.ToString();
        }
        catch (HttpRequestException ex)
        {
            error = ex.InnerException is SocketException s ? s.SocketErrorCode.ToString() : ex.Message;
        }

        request.Succeeded = error.Length == 0;
        request.RttMicros = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(start).Ticks / 10);
        request.Error = error;
        Completed?.Invoke(request);
    }

    private static async Task<string> TcpAsync(ProbeRequest request, CancellationToken cancel)
    {
        IPAddress address = LinkSockets.Resolve(request.Host);
        using Socket socket = LinkSockets.Create(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp, request.Interface, request.Mark);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, request.Port), cancel);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // A reset came back through the link: the path works even if nothing listens on that port. Linux
            // reports it as reset rather than refused when the SYN met a listener that was just closing.
        }

        return "";
    }

    private async Task<string> DnsAsync(ProbeRequest request, CancellationToken cancel)
    {
        IPAddress address = LinkSockets.Resolve(request.Host);
        using Socket socket = LinkSockets.Create(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp, request.Interface, request.Mark);
        ushort id = (ushort)Interlocked.Increment(ref _nextId);
        byte[] query = DnsQuery.Build(id, request.Path.Length > 0 ? request.Path : "example.com");
        await socket.ConnectAsync(new IPEndPoint(address, request.Port), cancel);
        await socket.SendAsync(query, SocketFlags.None, cancel);
        byte[] buffer = new byte[1500];
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
            if (DnsQuery.IsAnswerTo(buffer, n, id))
            {
                return "";
            }
        }
    }

    private async Task<string> HttpAsync(ProbeRequest request, CancellationToken cancel)
    {
        HttpClient client = _http.GetOrAdd(request.Interface + "/" + request.Mark, _ => CreateClient(request.Interface, request.Mark));
        string scheme = request.Kind == ProbeKind.Https ? "https" : "http";
        string host = request.Host.Contains(':') && !request.Host.StartsWith('[') ? "[" + request.Host + "]" : request.Host;
        using HttpRequestMessage message = new(HttpMethod.Get, $"{scheme}://{host}:{request.Port}{(request.Path.Length > 0 ? request.Path : "/")}");
        using HttpResponseMessage response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancel);
        int status = (int)response.StatusCode;
        return status < 500 ? "" : "HTTP " + status;
    }

    private static HttpClient CreateClient(string iface, int mark)
    {
        SocketsHttpHandler handler = new()
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, cancel) =>
            {
                IPAddress address = LinkSockets.Resolve(context.DnsEndPoint.Host);
                Socket socket = LinkSockets.Create(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp, iface, mark);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private async Task<string> IcmpAsync(ProbeRequest request, CancellationToken cancel)
    {
        IPAddress address = LinkSockets.Resolve(request.Host);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return "ICMP probes are IPv4 only; use tcp or dns for IPv6 targets";
        }

        using Socket socket = LinkSockets.Create(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp, request.Interface, request.Mark);
        ushort id = (ushort)Interlocked.Increment(ref _nextId);
        byte[] echo = new byte[16];
        echo[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Checksum(echo));
        await socket.SendToAsync(echo, SocketFlags.None, new IPEndPoint(address, 0), cancel);
        byte[] buffer = new byte[1500];
        while (true)
        {
            SocketReceiveFromResult got = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancel);
            int headerLength = (buffer[0] & 0x0f) * 4;
            if (got.ReceivedBytes >= headerLength + 8 && buffer[headerLength] == 0
                && BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(headerLength + 4)) == id
                && ((IPEndPoint)got.RemoteEndPoint).Address.Equals(address))
            {
                return "";
            }
        }
    }

    private static ushort Checksum(byte[] data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
