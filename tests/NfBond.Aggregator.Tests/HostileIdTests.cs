using System.Net;
using System.Net.Sockets;
using MQTTnet;
using NfBond.Aggregator.Devices;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// Regressions for the hostile-client probe: F2 (MQTT listening on every IPv6 address) and F7 (wildcard and
/// reserved device IDs).
/// </summary>
public class HostileIdTests
{
    [Fact]
    public async Task F2_the_broker_listens_on_the_configured_address_only_not_on_ipv6()
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-f2");

        using TcpClient v4 = new();
        await v4.ConnectAsync(IPAddress.Loopback, aggregator.Options.MqttPort);
        using TcpClient v6 = new(AddressFamily.InterNetworkV6);
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => v6.ConnectAsync(IPAddress.IPv6Loopback, aggregator.Options.MqttPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Theory]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("dev/1")]
    [InlineData("nfbond-aggregator")]
    [InlineData("NFBOND-AGGREGATOR-2")]
    [InlineData("")]
    [InlineData("-dev")]
    public async Task F7_wildcard_separator_and_reserved_device_ids_are_refused_with_the_rule(string device)
    {
        await using RunningAggregator aggregator = await RunningAggregator.StartAsync("nfbond-f7");

        ArgumentException refused = Assert.Throws<ArgumentException>(() => aggregator.Host.Registry.Add("siteW", device));
        Assert.Equal($"device ID \"{device}\" is not allowed; {FleetIds.Rule}", refused.Message);
        Assert.Throws<ArgumentException>(() => aggregator.Host.Registry.Add("site/" + device, "ok-device"));
    }

    [Fact]
    public async Task F7_nobody_may_connect_under_the_aggregators_own_client_id_even_in_lab_mode()
    {
        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = Directory.CreateTempSubdirectory("nfbond-f7-lab").FullName, AllowAnonymous = true };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        MqttClientFactory factory = new();

        using MQTTnet.IMqttClient impostor = factory.CreateMqttClient();
        MqttClientConnectResult result = await impostor.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", options.MqttPort).WithClientId(FleetIds.AggregatorClientId).Build());
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, result.ResultCode);

        using MQTTnet.IMqttClient lab = factory.CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await lab.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", options.MqttPort).WithClientId("lab-ctl").Build())).ResultCode);
    }
}
