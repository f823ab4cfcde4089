using System.Diagnostics;
using System.Net.Sockets;
using MQTTnet;
using NfBond.Aggregator.Broker;
using Xunit.Abstractions;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// The hostile-client suite's load probe: 2,000 connections held open without logging in must cost the
/// aggregator little, all be closed at the login deadline, and leave a real controller served throughout.
/// </summary>
public class HeldConnectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_thousand_half_open_logins_are_closed_at_the_deadline_while_a_device_still_connects()
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-held").FullName, LoginDeadlineSeconds = 3 };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        (string password, _) = host.Registry.Add("siteH", "ctl-h");
        long before = RunningAggregator.ManagedHeapBytes();

        List<Socket> held = [];
        for (int i = 0; i < 2000; i++)
        {
            Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", options.MqttPort);
            await socket.SendAsync(new byte[] { 0x10, 0x20, 0x00 }, SocketFlags.None);
            held.Add(socket);
        }

        long whileHeld = RunningAggregator.ManagedHeapBytes();
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult login = await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", options.MqttPort).WithClientId("ctl-h").WithCredentials("ctl-h", password).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, login.ResultCode);

        await Eventually.HoldsAsync(() => ((EmbeddedBroker)host.Broker).ConnectionsRefused >= 2000, 60_000);
        Assert.Equal(2000, ((EmbeddedBroker)host.Broker).ConnectionsRefused);
        byte[] buffer = new byte[16];
        int closed = 0;
        foreach (Socket socket in held)
        {
            try
            {
                using CancellationTokenSource wait = new(TimeSpan.FromSeconds(10));
                closed += await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token) == 0 ? 1 : 0;
            }
            catch (SocketException)
            {
                closed++;
            }

            socket.Dispose();
        }

        Assert.Equal(2000, closed);
        Assert.True(device.IsConnected);
        long perConnection = (whileHeld - before) / 2000;
        Assert.True(perConnection < 64 * 1024, $"{perConnection} B of managed heap per held connection");
        output.WriteLine($"held-connections: 2000 half-open logins, {(whileHeld - before) / 1024} KB managed heap while held ({perConnection} B each), all closed at the {options.LoginDeadlineSeconds} s deadline; working set {Process.GetCurrentProcess().WorkingSet64 / 1048576} MB");
    }
}
