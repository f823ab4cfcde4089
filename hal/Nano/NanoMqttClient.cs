using System;
using System.Collections;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using NfBond.Firmware.Text;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// MQTT on nanoFramework.M2Mqtt. M2Mqtt's Connect blocks and throws on socket failure, so it runs on
    /// a thread of its own and reports through <see cref="ConnectionChanged"/>; publish message ids are
    /// mapped back to the caller's tokens for <see cref="Published"/>.
    /// </summary>
    public sealed class NanoMqttClient : IMqttClient
    {
        private readonly object _gate = new object();
        private readonly Hashtable _tokens = new Hashtable();
        private readonly byte[] _caCertificate;
        private MqttClient _client;
        private MqttConnectOptions _options;

        /// <summary>Creates the client.</summary>
        /// <param name="caCertificate">The CA certificate (DER or PEM bytes) the broker's certificate must chain to, or null for plain MQTT.</param>
        public NanoMqttClient(byte[] caCertificate)
        {
            _caCertificate = caCertificate;
        }

        /// <inheritdoc/>
        public event MqttConnectionHandler ConnectionChanged;

        /// <inheritdoc/>
        public event MqttMessageHandler MessageReceived;

        /// <inheritdoc/>
        public event MqttPublishedHandler Published;

        /// <inheritdoc/>
        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <inheritdoc/>
        public void Connect(MqttConnectOptions options)
        {
            _options = options;
            new Thread(ConnectNow).Start();
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            MqttClient client = _client;
            _client = null;
            if (client != null && client.IsConnected)
            {
                client.Disconnect();
            }
        }

        /// <inheritdoc/>
        public void Subscribe(string topic)
        {
            MqttClient client = _client;
            if (client != null)
            {
                client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }
        }

        /// <inheritdoc/>
        public void Publish(string topic, byte[] payload, int length, int qos, bool retain, long token)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                Report(token, false, "not connected");
                return;
            }

            byte[] copy = new byte[length];
            Array.Copy(payload, copy, length);
            try
            {
                lock (_gate)
                {
                    ushort id = client.Publish(topic, copy, null, null, qos == 0 ? MqttQoSLevel.AtMostOnce : MqttQoSLevel.AtLeastOnce, retain);
                    _tokens[(int)id] = token;
                }
            }
            catch (Exception ex)
            {
                Report(token, false, ex.Message);
            }
        }

        private void ConnectNow()
        {
            MqttConnectOptions o = _options;
            MqttConnectionHandler handler = ConnectionChanged;
            try
            {
                MqttClient client = new MqttClient(o.Host, o.Port, o.UseTls,
                    _caCertificate != null ? new System.Security.Cryptography.X509Certificates.X509Certificate(_caCertificate) : null, null,
                    o.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.ProtocolVersion = o.ProtocolVersion == 5 ? MqttProtocolVersion.Version_5 : MqttProtocolVersion.Version_3_1_1;
                client.MqttMsgPublishReceived += OnReceived;
                client.MqttMsgPublished += OnPublished;
                client.ConnectionClosed += OnClosed;
                bool will = o.WillTopic != null;
                string willMessage = will ? Utf8.GetString(o.WillPayload, 0, o.WillPayload.Length) : null;
                MqttReasonCode code = client.Connect(o.ClientId, o.Username, o.Password, o.WillRetain, MqttQoSLevel.AtLeastOnce, will, o.WillTopic, willMessage, true, (ushort)o.KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    client.Close();
                    handler?.Invoke(false, "broker refused the connection: reason code " + ((int)code).ToString());
                    return;
                }

                _client = client;
                handler?.Invoke(true, string.Empty);
            }
            catch (Exception ex)
            {
                handler?.Invoke(false, "cannot reach " + o.Host + ":" + o.Port.ToString() + ": " + ex.Message);
            }
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            MqttMessageHandler handler = MessageReceived;
            if (handler != null)
            {
                handler(e.Topic, e.Message);
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            object token;
            lock (_gate)
            {
                token = _tokens[(int)e.MessageId];
                _tokens.Remove((int)e.MessageId);
            }

            if (token != null)
            {
                Report((long)token, e.IsPublished, e.IsPublished ? string.Empty : "not acknowledged by the broker");
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            _client = null;
            ConnectionChanged?.Invoke(false, "connection closed");
        }

        private void Report(long token, bool delivered, string reason)
        {
            Published?.Invoke(token, delivered, reason);
        }
    }
}
