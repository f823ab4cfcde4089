using System;
using nanoFramework.TestFramework;
using NfBond.Firmware.Config;
using NfBond.Firmware.Json;
using NfBond.Firmware.Security;
using NfBond.Firmware.Text;

namespace NfBond.NFUnitTest
{
    /// <summary>
    /// The nano-portable code's runtime pitfalls, checked on a nanoCLR (virtual device or board) with
    /// nanoFramework.TestFramework: the places where nanoFramework's runtime differs from .NET's.
    /// </summary>
    [TestClass]
    public class NanoPortableTests
    {
        [TestMethod]
        public void Sha256_and_hmac_give_the_standard_vectors()
        {
            byte[] abc = Utf8.GetBytes("abc");
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex(Sha256.Hash(abc, 0, abc.Length)));
            byte[] data = Utf8.GetBytes("what do ya want for nothing?");
            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex(new HmacSha256().ComputeSha256(Utf8.GetBytes("Jefe"), data, 0, data.Length)));
        }

        [TestMethod]
        public void Numbers_become_text_from_integers()
        {
            Assert.AreEqual("20.7", DecimalText.Scaled(207, 1));
            Assert.AreEqual("20.7", DecimalText.Of(20.7));
            Assert.AreEqual("1E+19", DecimalText.Of(1e19));
        }

        [TestMethod]
        public void A_character_outside_the_bmp_is_one_code_point()
        {
            string text = "a\uD83D\uDE00";
            int chars;
            Assert.AreEqual(0x1F600, Utf8.CodePointAt(text, 1, out chars));
            Assert.AreEqual(2, chars);
            Assert.AreEqual(5, Utf8.GetBytes(text).Length);
        }

        [TestMethod]
        public void Filled_string_arrays_compare_without_crashing()
        {
            string[] ids = StringUtil.NewArray(4, string.Empty);
            Assert.IsTrue(ids[3] != "cmd-1");
        }

        [TestMethod]
        public void A_nul_escape_is_refused()
        {
            bool refused = false;
            try
            {
                JsonReader.Parse("{\"site\":\"a\\u0000b\"}");
            }
            catch (JsonParseException)
            {
                refused = true;
            }

            Assert.IsTrue(refused);
        }

        [TestMethod]
        public void The_site_hash_is_the_first_16_hex_digits_of_sha256()
        {
            Assert.AreEqual("e3b0c44298fc1c14", SiteFileHash.Of(string.Empty));
        }

        private static string Hex(byte[] bytes)
        {
            char[] text = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                text[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                text[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 0xF];
            }

            return new string(text);
        }
    }
}
