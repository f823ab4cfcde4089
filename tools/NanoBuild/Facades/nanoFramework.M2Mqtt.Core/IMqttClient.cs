// nanoframework/nanoFramework.m2mqtt, nanoFramework.M2Mqtt.Core (types as M2Mqtt/MqttClient.cs @ 0191675688e9f0a518668a5342b192a861aab9f3 uses them; the Core sources are not in our index: names and values unconfirmed)
namespace nanoFramework.M2Mqtt
{
    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, Messages.MqttMsgPublishEventArgs e);

        public delegate void MqttMsgPublishedEventHandler(object sender, Messages.MqttMsgPublishedEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, System.EventArgs e);
    }

    public enum MqttProtocolVersion
    {
        Version_3_1 = 0x03,
        Version_3_1_1 = 0x04,
        Version_5 = 0x05,
    }

    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
    }
}
