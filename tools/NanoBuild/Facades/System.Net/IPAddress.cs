// nanoframework/System.Net, nanoFramework.System.Net/IPAddress.cs @ 713b02c9
namespace System.Net
{
    public class IPAddress
    {
        public static readonly IPAddress Any = null;

        public IPAddress(long newAddress) => throw new NotImplementedException();

        public static IPAddress Parse(string ipString) => throw new NotImplementedException();

        public byte[] GetAddressBytes() => throw new NotImplementedException();
    }

    public abstract class EndPoint
    {
    }

    public class IPEndPoint : EndPoint
    {
        public IPEndPoint(IPAddress address, int port) => throw new NotImplementedException();

        public IPAddress Address => throw new NotImplementedException();
    }

    public static class Dns
    {
        public static IPHostEntry GetHostEntry(string hostNameOrAddress) => throw new NotImplementedException();
    }

    public class IPHostEntry
    {
        public IPAddress[] AddressList => throw new NotImplementedException();
    }
}
