// nanoframework/System.Net, nanoFramework.System.Net/Sockets/Socket.cs @ 713b02c9 (shapes as in nanoframework.md; enum values are those of .NET, which nanoFramework keeps)
namespace System.Net.Sockets
{
    public class Socket : IDisposable
    {
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType) => throw new NotImplementedException();

        public int ReceiveTimeout { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

        public void Bind(EndPoint localEP) => throw new NotImplementedException();

        public void Connect(EndPoint remoteEP) => throw new NotImplementedException();

        public int SendTo(byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP) => throw new NotImplementedException();

        public int ReceiveFrom(byte[] buffer, int offset, int size, SocketFlags socketFlags, ref EndPoint remoteEP) => throw new NotImplementedException();

        public bool Poll(int microSeconds, SelectMode mode) => throw new NotImplementedException();

        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, byte[] optionValue) => throw new NotImplementedException();

        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, int optionValue) => throw new NotImplementedException();

        public void Close() => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }

    public enum AddressFamily
    {
        InterNetwork = 2,
    }

    public enum SocketType
    {
        Stream = 1,
        Dgram = 2,
    }

    public enum ProtocolType
    {
        Tcp = 6,
        Udp = 17,
    }

    public enum SocketFlags
    {
        None = 0,
    }

    public enum SelectMode
    {
        SelectRead = 0,
        SelectWrite = 1,
        SelectError = 2,
    }

    public enum SocketOptionLevel
    {
        Socket = 0xffff,
        IP = 0,
    }

    public enum SocketOptionName
    {
        ReuseAddress = 4,
        MulticastTimeToLive = 10,
        AddMembership = 12,
    }

    public class SocketException : Exception
    {
        internal SocketException() => throw new NotImplementedException();
    }
}
