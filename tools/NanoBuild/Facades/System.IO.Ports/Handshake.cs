// nanoframework/System.IO.Ports, System.IO.Ports/Handshake.cs @ 04e9eab8ffe1d337ac4f18cdc8827988dbd3e46c
namespace System.IO.Ports
{
    public enum Handshake
    {
        None = 0,
        XOnXOff = 1,
        RequestToSend = 2,
        RequestToSendXOnXOff = 3,
    }
}
