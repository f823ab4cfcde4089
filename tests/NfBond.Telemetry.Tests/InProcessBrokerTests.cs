using System.Diagnostics;
using MQTTnet.Server;
using NfBond.Cli.Commands;

namespace NfBond.Telemetry.Tests;

/// <summary>The device against MQTTnet's in-process broker: retained birth, state and status, and the Last Will when the controller process dies.</summary>
[Collection("brokers")]
public class InProcessBrokerTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Retained_birth_and_state_reach_late_subscribers_and_a_killed_controller_goes_offline(int protocol)
    {
        int port = LocalPorts.Free();
        MqttServer server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        try
        {
            string[] nfbond = LabCommand.SelfCommand();
            ProcessStartInfo info = new(nfbond[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in nfbond.Skip(1).Concat(["controller", "--sim", "--broker", $"mqtt://127.0.0.1:{port}", "--site", "s1", "--device", "dev9", "--mqtt-version", protocol.ToString(), "--state-interval", "1"]))
            {
                info.ArgumentList.Add(arg);
            }

            using Process controller = Process.Start(info)!;
            controller.BeginOutputReadLine();
            controller.BeginErrorReadLine();
            using (Aggregator first = await Aggregator.ConnectAsync(port))
            {
                Assert.NotEmpty(await first.WaitForAsync("/dev9/status", b => b.GetProperty("state").GetString() == "online", 30_000));
                Assert.NotEmpty(await first.WaitForAsync("/dev9/state", b => b.GetProperty("links").GetArrayLength() == 2, 10_000));
            }

            // A subscriber that comes later gets the retained picture at once.
            using Aggregator late = await Aggregator.ConnectAsync(port);
            await Eventually.HoldsAsync(() => late.Received("/dev9/birth").Count > 0 && late.Received("/dev9/state").Count > 0 && late.Received("/dev9/status").Count > 0, 5000, "the retained birth, state and status");
            Assert.Contains(late.Received("/dev9/birth"), m => m.Retained && m.Body.GetProperty("firmware").GetString() == "0.1.0");
            Assert.Contains(late.Received("/dev9/state"), m => m.Retained);
            Assert.Contains(late.Received("/dev9/status"), m => m.Retained && m.Body.GetProperty("state").GetString() == "online");

            controller.Kill();
            Assert.NotEmpty(await late.WaitForAsync("/dev9/status", b => b.GetProperty("state").GetString() == "offline", 20_000));
        }
        finally
        {
            await server.StopAsync();
            server.Dispose();
        }
    }
}
