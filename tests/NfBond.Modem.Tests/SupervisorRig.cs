using NfBond.Firmware.Modems;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;
using NfBond.Simulation.Modems;

namespace NfBond.Modem.Tests;

/// <summary>A supervisor wired to a simulated module over an in-process UART and GPIO, under virtual time.</summary>
internal sealed class SupervisorRig
{
    public readonly VirtualClock Clock = new();
    public readonly EventLoop Loop;
    public readonly SimulatedSerialLine Line = new("COM2", 115200);
    public readonly ModemSimulator Modem;
    public readonly ModemSupervisor Supervisor;
    public readonly List<ModemEvent> Events = [];
    public readonly SimulatedGpioLine PowerKey;
    public readonly SimulatedGpioLine Supply;

    public SupervisorRig(ModemPersonality personality, ModemFaults? faults = null, ModemSupervisorOptions? options = null, string model = "EC25")
    {
        Loop = new EventLoop(Clock);
        Modem = new ModemSimulator(Loop, personality, faults ?? new ModemFaults());
        Modem.Attach(Line);
        SimulatedGpioController gpio = new(Clock);
        PowerKey = (SimulatedGpioLine)gpio.OpenOutput(25, false);
        Supply = (SimulatedGpioLine)gpio.OpenOutput(33, true);
        Modem.WirePins(PowerKey, null, Supply);
        Supervisor = new ModemSupervisor(Loop, Line, ModemDialects.ForModel(model), new ModemPins { PowerKey = PowerKey, PowerSwitch = Supply }, options ?? new ModemSupervisorOptions(), "COM2");
        Supervisor.EventRaised += (_, e) => Events.Add(e);
    }

    public string Transcript => string.Join("\n", Events.Select(e => $"{e.TimeMs,9} {e.Kind,-12} {ModemSupervisor.StateName(e.State),-12} {e.Cause}"));

    /// <summary>Runs until <paramref name="condition"/> holds; returns the virtual time it took.</summary>
    public long RunUntil(Func<bool> condition, long budgetMs)
    {
        long start = Clock.NowMs;
        while (!condition())
        {
            Assert.True(Clock.NowMs - start < budgetMs, $"condition not met within {budgetMs} ms:\n{Transcript}");
            Loop.RunFor(Clock, 100);
        }

        return Clock.NowMs - start;
    }

    public long RunUntilDataReady(long budgetMs) => RunUntil(() => Supervisor.IsDataReady, budgetMs);

    public void RunFor(long ms) => Loop.RunFor(Clock, ms);
}
