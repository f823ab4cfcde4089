// nanoframework/System.IO.FileSystem, System.IO.FileSystem/FileStream.cs @ bebc2daad327da803b1746066e6d64f3d08b4663 (Read, Write, Length are FileStream's overrides of Stream's)
namespace System.IO
{
    public class FileStream : IDisposable
    {
        public FileStream(string path, FileMode mode, FileAccess access) => throw new NotImplementedException();

        public long Length => throw new NotImplementedException();

        public int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        public void Write(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }

    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
    }

    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }
}
