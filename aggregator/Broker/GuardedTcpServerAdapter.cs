using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace NfBond.Aggregator.Broker;

/// <summary>
/// The embedded broker's TCP listener in place of MQTTnet's own: one socket on the configured address
/// only, each connection read through a <see cref="MqttFrameGuard"/>, and closed when its CONNECT has not
/// arrived whole within the login deadline (a half-sent CONNECT otherwise lived for 100 s). With a
/// certificate it is the TLS listener: the handshake must complete within the same deadline.
/// </summary>
public sealed class GuardedTcpServerAdapter : IMqttServerAdapter
{
    private readonly IPEndPoint _endpoint;
    private readonly int _maxConnectBytes;
    private readonly int _maxPacketBytes;
    private readonly TimeSpan _loginDeadline;
    private readonly Action<string> _refused;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _accepting;
    private IMqttNetLogger _logger = MqttNetNullLogger.Instance;

    /// <summary>Creates the adapter; it listens once the broker starts it.</summary>
    /// <param name="endpoint">The one address and port to listen on.</param>
    /// <param name="maxConnectBytes">The largest CONNECT read before a login.</param>
    /// <param name="maxPacketBytes">The largest packet after it.</param>
    /// <param name="loginDeadline">How long a connection may take to deliver its CONNECT.</param>
    /// <param name="refused">Told, with the peer and the reason, about each connection closed by a limit or a failed handshake.</param>
    /// <param name="certificate">The server certificate for TLS, or null for plain MQTT.</param>
    public GuardedTcpServerAdapter(IPEndPoint endpoint, int maxConnectBytes, int maxPacketBytes, TimeSpan loginDeadline, Action<string> refused, X509Certificate2? certificate)
    {
        _certificate = certificate;
        _endpoint = endpoint;
        _maxConnectBytes = maxConnectBytes;
        _maxPacketBytes = maxPacketBytes;
        _loginDeadline = loginDeadline;
        _refused = refused;
    }

    /// <inheritdoc/>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <inheritdoc/>
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _logger = logger;
        _listener = new TcpListener(_endpoint);
        _listener.Start();
        _accepting = AcceptAsync(_listener);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        if (_accepting != null)
        {
            await _accepting;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _listener?.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        EndPoint remote = socket.RemoteEndPoint!;
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_certificate != null)
        {
            SslStream tls = new(stream, leaveInnerStreamOpen: false);
            try
            {
                using CancellationTokenSource handshake = new(_loginDeadline);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate, ClientCertificateRequired = false }, handshake.Token);
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException or OperationCanceledException or SocketException)
            {
                _refused($"{remote}: TLS handshake failed ({(ex is OperationCanceledException ? "not completed within " + _loginDeadline.TotalSeconds.ToString("0.#") + " s" : ex.Message)}); plain MQTT sent to the TLS port ends here");
                await tls.DisposeAsync();
                return;
            }

            stream = tls;
        }

        MqttFrameGuard guard = new(stream, _maxConnectBytes, _maxPacketBytes);
        using CancellationTokenRegistration deadline = ScheduleDeadline(guard, remote);
        try
        {
            using MqttChannelAdapter adapter = new(new MqttTcpChannel(guard, socket.LocalEndPoint!, remote, null), new MqttPacketFormatterAdapter(new MqttBufferWriter(4096, 65536)), _logger);
            if (ClientHandler != null)
            {
                await ClientHandler(adapter);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; MQTTnet has already ended its session.
        }
        finally
        {
            // MQTTnet ends the session on the guard's exception without passing it on: the guard keeps the reason.
            if (guard.Refusal != null)
            {
                _refused($"{remote}: {guard.Refusal}");
            }

            await guard.DisposeAsync();
        }
    }

    private CancellationTokenRegistration ScheduleDeadline(MqttFrameGuard guard, EndPoint remote)
    {
        CancellationTokenSource timer = new(_loginDeadline);
        return timer.Token.Register(() =>
        {
            if (!guard.ConnectReceived)
            {
                _refused($"{remote}: no complete CONNECT within {_loginDeadline.TotalSeconds:0.#} s");
                guard.Dispose();
            }

            timer.Dispose();
        });
    }
}
