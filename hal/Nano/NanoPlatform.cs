using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Controller;
using NfBond.Firmware.Security;
using nanoFramework.Runtime.Native;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// An ESP32/STM32 board as the controller's platform: UARTs routed to the board file's pins, GPIO,
    /// M2Mqtt, socket probes, VRRP over the UDP carrier, the flash file system, SNTP time, the firmware's
    /// own HMAC, and a real reboot. Steering goes to the executor the caller gives (the router's API on
    /// an add-on board).
    /// </summary>
    public sealed class NanoPlatform : IControllerPlatform
    {
        private readonly BoardDefinition _board;
        private readonly uint _localAddress;

        /// <summary>Creates the platform.</summary>
        /// <param name="board">The board file.</param>
        /// <param name="executor">What applies the steering plan.</param>
        /// <param name="mqtt">The MQTT client, or null.</param>
        /// <param name="clock">The SNTP wall clock.</param>
        /// <param name="storage">The flash storage.</param>
        /// <param name="localAddress">This board's IPv4 address, host order (VRRP source).</param>
        public NanoPlatform(BoardDefinition board, ISteeringExecutor executor, IMqttClient mqtt, IWallClock clock, IStorage storage, uint localAddress)
        {
            _board = board;
            _localAddress = localAddress;
            Executor = executor;
            Mqtt = mqtt;
            WallClock = clock;
            Storage = storage;
            ProbeTransports = new IProbeTransport[] { new NanoSocketProbes() };
        }

        /// <inheritdoc/>
        public IGpioController Gpio { get; } = new NanoGpio();

        /// <inheritdoc/>
        public IProbeTransport[] ProbeTransports { get; }

        /// <inheritdoc/>
        public ISteeringExecutor Executor { get; }

        /// <inheritdoc/>
        public ITrafficCounters Counters => null;

        /// <inheritdoc/>
        public ILinkHints LinkHints => null;

        /// <inheritdoc/>
        public IMqttClient Mqtt { get; }

        /// <inheritdoc/>
        public IWallClock WallClock { get; }

        /// <inheritdoc/>
        public IHmac Hmac { get; } = new HmacSha256();

        /// <inheritdoc/>
        public IStorage Storage { get; }

        /// <inheritdoc/>
        public ISerialLine OpenSerial(ModemPortDefinition port)
        {
            if (_board.Mcu == "esp32")
            {
                string problem = Esp32Uart.Configure(port.Uart);
                if (problem != null)
                {
                    throw new System.ArgumentException(port.Name + ": " + problem);
                }
            }

            return new NanoSerialLine(port.Uart.Port, port.Uart.Baud, port.Uart.RtsPin >= 0 && port.Uart.CtsPin >= 0);
        }

        /// <inheritdoc/>
        public IVrrpTransport OpenVrrp(RedundancyDefinition pair) => new NanoVrrpTransport(_localAddress);

        /// <inheritdoc/>
        public IVirtualAddressOwner VirtualAddresses(RedundancyDefinition pair) => new RouterGatewayRole();

        /// <inheritdoc/>
        public void Restart(string cause) => Power.RebootDevice();

        /// <summary>
        /// On an add-on board the virtual address belongs to the router; the VRRP role decides only which
        /// board steers, so there is nothing to claim locally.
        /// </summary>
        private sealed class RouterGatewayRole : IVirtualAddressOwner
        {
            public string Claim() => null;

            public string Release() => null;
        }
    }
}
