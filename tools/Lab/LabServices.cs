using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NfBond.Lab;

/// <summary>
/// What the internet host offers while a lab run is on: an HTTP server on port 80 of every target
/// address (TCP and HTTP probes), a DNS responder on port 53 that answers every query (DNS probes), and
/// ICMP from the kernel. Sockets live in the internet namespace; their loops run on the thread pool.
/// </summary>
public sealed class LabServices : IDisposable
{
    private static readonly byte[] s_noContent = Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private readonly TcpListener _http;
    private readonly UdpClient _dns;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts the services in the lab's internet namespace.</summary>
    public LabServices()
    {
        (_http, _dns) = NetworkNamespace.Run(LabTopology.Internet, () =>
        {
            TcpListener http = new(IPAddress.Any, 80);
            http.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            http.Start(256);
            return (http, new UdpClient(new IPEndPoint(IPAddress.Any, 53)));
        });
        _ = ServeHttpAsync();
        _ = ServeDnsAsync();
    }

    /// <summary>Gets how many probes the targets answered.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    private long _answered;

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _http.Stop();
        _dns.Dispose();
    }

    private async Task ServeHttpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _http.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _answered);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        byte[] request = new byte[1024];
                        using CancellationTokenSource read = new(500);
                        await client.ReceiveAsync(request, SocketFlags.None, read.Token);
                        await client.SendAsync(s_noContent, SocketFlags.None);
                    }
                    catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                    {
                        // A TCP probe closes right after connecting; nothing to answer.
                    }
                }
            });
        }
    }

    private async Task ServeDnsAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try
            {
                query = await _dns.ReceiveAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (query.Buffer.Length < 12)
            {
                continue;
            }

            // Echo the question back as a response with no answers: enough to prove the path.
            byte[] response = query.Buffer;
            response[2] |= 0x80;
            Interlocked.Increment(ref _answered);
            await _dns.SendAsync(response, query.RemoteEndPoint, _stop.Token);
        }
    }
}
