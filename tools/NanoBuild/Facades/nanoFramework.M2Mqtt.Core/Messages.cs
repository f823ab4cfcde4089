// nanoframework/nanoFramework.m2mqtt, nanoFramework.M2Mqtt.Core (types as M2Mqtt/MqttClient.cs @ 0191675688e9f0a518668a5342b192a861aab9f3 uses them; the Core sources are not in our index: names and values unconfirmed)
namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
    }

    public enum MqttReasonCode : byte
    {
        Success = 0x00,
    }

    public class MqttMsgPublishEventArgs : System.EventArgs
    {
        internal MqttMsgPublishEventArgs() => throw new System.NotImplementedException();

        public string Topic => throw new System.NotImplementedException();

        public byte[] Message => throw new System.NotImplementedException();
    }

    public class MqttMsgPublishedEventArgs : System.EventArgs
    {
        internal MqttMsgPublishedEventArgs() => throw new System.NotImplementedException();

        public ushort MessageId => throw new System.NotImplementedException();

        public bool IsPublished => throw new System.NotImplementedException();
    }
}
