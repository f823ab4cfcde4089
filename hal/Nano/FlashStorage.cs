using System;
using System.IO;
using NfBond.Firmware.Text;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// Stored files on the internal flash file system (drive I:\). A file is written to "name.new" and
    /// then moved over the old one, so a power cut mid-write leaves the previous version readable.
    /// </summary>
    public sealed class FlashStorage : IStorage
    {
        private readonly string _root;

        /// <summary>Creates the storage.</summary>
        /// <param name="root">The directory, e.g. "I:\\".</param>
        public FlashStorage(string root)
        {
            _root = root;
        }

        /// <inheritdoc/>
        public string Read(string name)
        {
            string path = _root + name;
            if (!File.Exists(path))
            {
                return null;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                byte[] bytes = new byte[(int)stream.Length];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = stream.Read(bytes, read, bytes.Length - read);
                    if (n <= 0)
                    {
                        break;
                    }

                    read += n;
                }

                return Utf8.GetString(bytes, 0, read);
            }
        }

        /// <inheritdoc/>
        public string Write(string name, string text)
        {
            string path = _root + name;
            string temporary = path + ".new";
            try
            {
                byte[] bytes = Utf8.GetBytes(text);
                using (FileStream stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
                {
                    stream.Write(bytes, 0, bytes.Length);
                }

                File.Delete(path);
                File.Move(temporary, path);
                return null;
            }
            catch (Exception ex)
            {
                return path + ": " + ex.Message;
            }
        }
    }
}
