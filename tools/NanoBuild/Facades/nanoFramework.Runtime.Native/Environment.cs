// nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/System/Environment.cs @ 17c93f5c72ef1ac48d5f61895609152ff288e89a
namespace System
{
    public static class Environment
    {
        public static long TickCount64 => throw new NotImplementedException();
    }
}
