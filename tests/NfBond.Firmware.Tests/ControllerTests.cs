using NfBond.Firmware.Boards;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Firmware.Tests;

public class ControllerTests
{
    [Fact]
    public void Stop_reports_run_time_not_clock_origin()
    {
        // Regression: on the real clock NowMs is time since boot, so "stopped after" showed uptime.
        BoardDefinition board = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json"))).Board!;
        VirtualClock clock = new(5_000_000);
        EventLoop loop = new(clock);
        EventLog log = new(clock, 16);
        FirmwareController controller = new(loop, board, new SimulatedGpioController(clock), log);

        controller.Start();
        loop.RunFor(clock, 42_000);
        controller.Stop();

        Assert.Equal("stopped after 42 s of loop time", log.Get(log.Count - 1).Message);
    }

    [Fact]
    public void Over_a_simulated_day_the_status_led_blinks_at_exactly_one_hertz()
    {
        BoardDefinition board = BoardDefinitionReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json"))).Board!;
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        EventLog log = new(clock, 16);
        SimulatedGpioController gpio = new(clock);
        FirmwareController controller = new(loop, board, gpio, log);

        controller.Start();
        loop.RunFor(clock, 86_400_000);

        SimulatedGpioLine led = gpio.Line(board.StatusLedPin);
        Assert.Equal(172_800, led.Changes.Count);
        for (int i = 0; i < led.Changes.Count; i++)
        {
            Assert.Equal((i + 1) * FirmwareController.HeartbeatHalfPeriodMs, led.Changes[i].TimeMs);
            Assert.Equal(i % 2 == 0, led.Changes[i].High);
        }

        Assert.Contains("2 modem port(s)", log.Get(0).Message);
        Assert.Equal("modem2: SIM7600 on COM3 at 115200 baud, power key GPIO 27, reset GPIO 14", log.Get(2).Message);
        controller.Stop();
        Assert.False(led.IsHigh);
        Assert.False(controller.IsRunning);
        Assert.Equal(0, loop.ArmedTimerCount);
    }
}
