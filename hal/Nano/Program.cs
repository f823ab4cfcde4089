using System;
using System.Threading;
using nanoFramework.Networking;
using nanoFramework.Runtime.Native;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Text;
using FirmwareController = NfBond.Firmware.Controller.Controller;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// The device's entry point: reads board.json, site.json and device.json from the internal flash
    /// (I:\), brings the network up, sets the clock, starts the one controller composition and runs its
    /// event loop for ever. A file that is missing or wrong is printed with its problems and the board
    /// retries after a minute instead of running half configured.
    /// </summary>
    public static class Program
    {
        private const string Flash = "I:\\";

        /// <summary>Runs the controller; never returns.</summary>
        public static void Main()
        {
            FlashStorage storage = new FlashStorage(Flash);
            while (true)
            {
                string problem = Run(storage);
                Console.WriteLine("nf-bond: " + problem + "; retrying in 60 s");
                Thread.Sleep(60000);
            }
        }

        private static string Run(FlashStorage storage)
        {
            string boardText = storage.Read("board.json");
            string siteText = storage.Read(FirmwareController.SiteFileName);
            string deviceText = storage.Read("device.json");
            if (boardText == null || siteText == null || deviceText == null)
            {
                return "missing on I:\\: " + (boardText == null ? "board.json " : string.Empty) + (siteText == null ? "site.json " : string.Empty) + (deviceText == null ? "device.json" : string.Empty);
            }

            BoardReadResult board = BoardDefinitionReader.Read(boardText);
            SiteReadResult site = SiteDefinitionReader.Read(siteText);
            ConfigProblems deviceProblems = new ConfigProblems();
            DeviceSettings device = DeviceSettingsReader.Read(deviceText, deviceProblems);
            if (board.Board == null || site.Site == null || device == null)
            {
                return "I:\\board.json: " + StringUtil.Join("; ", board.Problems.ToArray()) + " | I:\\site.json: " + StringUtil.Join("; ", site.Problems.ToArray())
                    + " | I:\\device.json: " + StringUtil.Join("; ", deviceProblems.ToArray());
            }

            if (!NetworkHelper.SetupAndConnectNetwork(new CancellationTokenSource(60000).Token, false))
            {
                return "no network within 60 s";
            }

            SntpWallClock clock = new SntpWallClock(device.NtpServer);
            if (!clock.Synchronise())
            {
                return "no time from " + device.NtpServer + ": " + clock.LastError;
            }

            device.Telemetry.ConfigHash = SiteFileHash.Of(siteText);
            device.Telemetry.Board = board.Board.Id;
            EventLoop loop = new EventLoop(new SystemClock());
            EventLog log = new EventLog(loop.Clock, 16);
            byte[] ca = device.CaCertificate.Length > 0 ? Utf8.GetBytes(device.CaCertificate) : null;
            ISteeringExecutor executor = device.RouterUrl.Length > 0
                ? new RouterOsExecutor(new NanoHttpTransport(), device.RouterUrl, device.RouterUser, device.RouterPassword)
                : (ISteeringExecutor)new ReportOnlySteering();
            NanoPlatform platform = new NanoPlatform(board.Board, executor, new NanoMqttClient(ca), clock, storage, device.Address);
            FirmwareController controller = new FirmwareController(loop, board.Board, site.Site, platform, device.Telemetry, log);
            new LoopWatchdog(loop, 30000);
            controller.Start();
            loop.Run();
            Power.RebootDevice();
            return "the event loop ended";
        }
    }
}
