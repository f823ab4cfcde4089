using System.Diagnostics;
using System.Net.Sockets;
using NfBond.Aggregator.Broker;
using Xunit.Abstractions;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// Regression for the hostile-client probe's F1: a CONNECT announcing 268,435,455 bytes, followed by
/// streamed bytes, was buffered whole before authentication (8 connections: 337 MB to 2.37 GB), and a
/// half-sent CONNECT lived for 100 s. Raw sockets against the running aggregator.
/// </summary>
public class OversizedPacketTests(ITestOutputHelper output)
{
    // CONNECT (type 1) with the largest remaining length MQTT can encode.
    private static readonly byte[] s_hugeConnect = [0x10, 0xFF, 0xFF, 0xFF, 0x7F];

    private static async Task<bool> ClosedWithin(Socket socket, TimeSpan bound)
    {
        byte[] buffer = new byte[256];
        using CancellationTokenSource timeout = new(bound);
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task F1_huge_connect_packets_are_closed_before_anything_is_buffered_and_memory_stays_flat()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-f1");
        long before = RunningAggregator.ManagedHeapBytes();
        long workingBefore = Process.GetCurrentProcess().WorkingSet64;
        List<Socket> attackers = [];
        byte[] stream = new byte[64 * 1024];
        for (int i = 0; i < 8; i++)
        {
            Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", aggregator.Options.MqttPort);
            await socket.SendAsync(s_hugeConnect, SocketFlags.None);
            try
            {
                for (int k = 0; k < 16; k++)
                {
                    await socket.SendAsync(stream, SocketFlags.None);
                }
            }
            catch (SocketException)
            {
                // Closed by the broker while we were still streaming: that is the point.
            }

            attackers.Add(socket);
        }

        foreach (Socket socket in attackers)
        {
            Assert.True(await ClosedWithin(socket, TimeSpan.FromSeconds(20)), "the broker kept a connection that announced a 268 MB CONNECT");
            socket.Dispose();
        }

        await Eventually.HoldsAsync(() => ((EmbeddedBroker)aggregator.Host.Broker).ConnectionsRefused == 8);
        long after = RunningAggregator.ManagedHeapBytes();
        long workingAfter = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine($"oversized-connect: 8 connections announcing 268,435,455 B, all closed; managed heap {before / 1024} -> {after / 1024} KB, working set {workingBefore / 1048576} -> {workingAfter / 1048576} MB");
        Assert.True(after - before < 64L * 1024 * 1024, $"managed heap grew by {(after - before) / 1048576} MB");
        Assert.True(workingAfter - workingBefore < 256L * 1024 * 1024, $"working set grew by {(workingAfter - workingBefore) / 1048576} MB (the attack took 2 GB)");
    }

    [Fact]
    public async Task F1_a_half_sent_connect_is_closed_at_the_login_deadline()
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-f1-slow").FullName, LoginDeadlineSeconds = 1 };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        using Socket slow = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await slow.ConnectAsync("127.0.0.1", options.MqttPort);
        await slow.SendAsync(new byte[] { 0x10, 0x20, 0x00, 0x04, (byte)'M', (byte)'Q' }, SocketFlags.None);

        // Well before MQTTnet's own 100 s: the deadline is 1 s here.
        Assert.True(await ClosedWithin(slow, TimeSpan.FromSeconds(30)), "a half-sent CONNECT was kept past the login deadline");
        Assert.Equal(1, ((EmbeddedBroker)host.Broker).ConnectionsRefused);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x02, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void The_guard_refuses_a_first_packet_that_is_not_connect_and_overlong_lengths(byte[] bytes)
    {
        using MqttFrameGuard guard = new(new MemoryStream(bytes), 8192, 17408);
        Assert.Throws<MqttFrameRefusedException>(() => guard.Read(new byte[16], 0, 16));
        Assert.NotNull(guard.Refusal);
    }

    [Fact]
    public void The_guard_passes_a_login_and_packets_within_the_limits_byte_for_byte()
    {
        byte[] connect = [0x10, 0x04, 0x00, 0x04, (byte)'M', (byte)'Q'];
        byte[] publish = [0x30, 0x83, 0x01, .. new byte[131]];
        byte[] ping = [0xC0, 0x00];
        byte[] wire = [.. connect, .. publish, .. ping];
        using MqttFrameGuard guard = new(new MemoryStream(wire), 8192, 200);
        MemoryStream read = new();
        byte[] buffer = new byte[7];
        int n;
        while ((n = guard.Read(buffer, 0, buffer.Length)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(wire, read.ToArray());
        Assert.True(guard.ConnectReceived);
        Assert.Null(guard.Refusal);

        using MqttFrameGuard strict = new(new MemoryStream(wire), 8192, 100);
        Assert.Equal("a packet announces 131 bytes; at most 100 are accepted (MaxMessageBytes plus room for the topic)",
            Assert.Throws<MqttFrameRefusedException>(() => { while (strict.Read(buffer, 0, buffer.Length) > 0) { } }).Message);
    }
}
