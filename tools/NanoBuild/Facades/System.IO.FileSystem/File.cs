// nanoframework/System.IO.FileSystem, System.IO.FileSystem/File.cs @ 05510a72dae6e0dd64d0c7e0e5f8aa7f0f79f5ef
namespace System.IO
{
    public static class File
    {
        public static bool Exists(string path) => throw new NotImplementedException();

        public static void Delete(string path) => throw new NotImplementedException();

        public static void Move(string sourceFileName, string destFileName) => throw new NotImplementedException();
    }
}
