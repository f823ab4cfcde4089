// nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/Power.cs @ 279c2de56c52fbd4cf2c05400c4d16ed84dc85e9
namespace nanoFramework.Runtime.Native
{
    public class Power
    {
        public static void RebootDevice() => throw new System.NotImplementedException();
    }
}
