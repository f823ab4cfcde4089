// nanoframework/nanoFramework.m2mqtt, M2Mqtt/MqttClient.cs @ 0191675688e9f0a518668a5342b192a861aab9f3
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    public class MqttClient : System.IDisposable
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) => throw new System.NotImplementedException();

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived { add => throw new System.NotImplementedException(); remove => throw new System.NotImplementedException(); }

        public event IMqttClient.MqttMsgPublishedEventHandler MqttMsgPublished { add => throw new System.NotImplementedException(); remove => throw new System.NotImplementedException(); }

        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed { add => throw new System.NotImplementedException(); remove => throw new System.NotImplementedException(); }

        public bool IsConnected => throw new System.NotImplementedException();

        public MqttProtocolVersion ProtocolVersion { get => throw new System.NotImplementedException(); set => throw new System.NotImplementedException(); }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) => throw new System.NotImplementedException();

        public void Disconnect() => throw new System.NotImplementedException();

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) => throw new System.NotImplementedException();

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) => throw new System.NotImplementedException();

        public void Close() => throw new System.NotImplementedException();

        public void Dispose() => throw new System.NotImplementedException();
    }
}
