// nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/GC.cs @ 17c93f5c72ef1ac48d5f61895609152ff288e89a
namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) => throw new System.NotImplementedException();
    }
}
