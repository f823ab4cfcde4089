// nanoframework/System.Net, nanoFramework.System.Net/NetworkHelper/NetworkHelper.cs @ 713b02c9
namespace nanoFramework.Networking
{
    public static class NetworkHelper
    {
        public static bool SetupAndConnectNetwork(System.Threading.CancellationToken token = default, bool requiresDateTime = false) => throw new System.NotImplementedException();
    }
}
