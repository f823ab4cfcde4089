using System.Net;
using System.Net.Sockets;
using System.Text;
using NfBond.Firmware.Links;
using NfBond.Hal;
using NfBond.Hal.Linux;

namespace NfBond.Linux.Tests;

/// <summary>The Linux probes against real services on loopback, pinned to "lo".</summary>
public class ProbeTransportTests
{
    private static ProbeRequest Probe(LinuxProbeTransport transport, ProbeKind kind, string host, int port, string path = "", int timeoutMs = 1000)
    {
        ProbeRequest request = new() { Kind = kind, Host = host, Port = port, Path = path, Interface = "lo", TimeoutMs = timeoutMs };
        using ManualResetEventSlim done = new();
        ProbeCompletedHandler handler = r =>
        {
            if (r == request)
            {
                done.Set();
            }
        };
        transport.Completed += handler;
        transport.Send(request);
        Assert.True(done.Wait(5000), "the probe never completed");
        transport.Completed -= handler;
        return request;
    }

    [Fact]
    public void Tcp_connect_answers_when_listening_or_refused_and_times_out_when_silent()
    {
        using LinuxProbeTransport transport = new();
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        ProbeRequest ok = Probe(transport, ProbeKind.Tcp, "127.0.0.1", port);
        Assert.True(ok.Succeeded, ok.Error);
        Assert.InRange(ok.RttMicros, 0, 1_000_000);
        listener.Stop();

        ProbeRequest refused = Probe(transport, ProbeKind.Tcp, "127.0.0.1", port);
        Assert.True(refused.Succeeded, "a reset proves the path: " + refused.Error);

        // 192.0.2.1 (TEST-NET-1) is not on loopback: bound to lo there is no way there.
        ProbeRequest silent = Probe(transport, ProbeKind.Tcp, "192.0.2.1", 80, timeoutMs: 200);
        Assert.False(silent.Succeeded);
        Assert.NotEqual("", silent.Error);
    }

    [Fact]
    public async Task Dns_query_counts_any_response_with_the_right_id()
    {
        using LinuxProbeTransport transport = new();
        using UdpClient server = new(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        byte[]? seen = null;
        Task answer = Task.Run(async () =>
        {
            UdpReceiveResult q = await server.ReceiveAsync();
            seen = q.Buffer;
            byte[] response = (byte[])q.Buffer.Clone();
            response[2] |= 0x80;
            await server.SendAsync(response, q.RemoteEndPoint);
        });

        ProbeRequest dns = Probe(transport, ProbeKind.Dns, "127.0.0.1", port, "shop.example");
        Assert.True(dns.Succeeded, dns.Error);
        await answer.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.NotNull(seen);
        Assert.Equal([4, (byte)'s', (byte)'h', (byte)'o', (byte)'p', 7], seen![12..18]);
    }

    [Fact]
    public void Dns_query_bytes_follow_rfc_1035()
    {
        byte[] q = DnsQuery.Build(0xBEEF, "a.bc.");
        Assert.Equal(new byte[] { 0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 2, (byte)'b', (byte)'c', 0, 0, 1, 0, 1 }, q);
        Assert.False(DnsQuery.IsAnswerTo(q, q.Length, 0xBEEF));
        q[2] |= 0x80;
        Assert.True(DnsQuery.IsAnswerTo(q, q.Length, 0xBEEF));
        Assert.False(DnsQuery.IsAnswerTo(q, q.Length, 0xBEEE));
        Assert.False(DnsQuery.IsAnswerTo(q, 11, 0xBEEF));
        Assert.Throws<ArgumentException>(() => DnsQuery.Build(1, new string('x', 64) + ".com"));
    }

    [Fact]
    public async Task Http_probe_passes_below_500_and_reports_the_status_otherwise()
    {
        using LinuxProbeTransport transport = new();
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string[] statuses = ["204 No Content", "503 Service Unavailable"];
        Task server = Task.Run(async () =>
        {
            foreach (string status in statuses)
            {
                using Socket client = await listener.AcceptSocketAsync();
                byte[] buffer = new byte[4096];
                await client.ReceiveAsync(buffer, SocketFlags.None);
                await client.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), SocketFlags.None);
            }
        });

        ProbeRequest ok = Probe(transport, ProbeKind.Http, "127.0.0.1", port, "/health");
        Assert.True(ok.Succeeded, ok.Error);
        ProbeRequest bad = Probe(transport, ProbeKind.Http, "127.0.0.1", port, "/health");
        Assert.False(bad.Succeeded);
        Assert.Equal("HTTP 503", bad.Error);
        await server.WaitAsync(TimeSpan.FromSeconds(2));
        listener.Stop();
    }

    [Fact]
    public void Icmp_echo_to_loopback_answers()
    {
        using LinuxProbeTransport transport = new();
        ProbeRequest ping = Probe(transport, ProbeKind.Icmp, "127.0.0.1", 0);
        Assert.True(ping.Succeeded, ping.Error);
        Assert.False(transport.Supports(ProbeKind.ModemPing, "wwan0"));
    }
}
