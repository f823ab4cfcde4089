using System.Security.Cryptography;
using NfBond.Firmware.Config;
using NfBond.Firmware.Security;

namespace NfBond.Firmware.Tests;

/// <summary>The firmware's own SHA-256 and HMAC (nanoFramework has neither) against .NET's.</summary>
public class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Fips_180_test_vectors(string message, string digest)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(message);
        Assert.Equal(digest, Convert.ToHexStringLower(Sha256.Hash(bytes, 0, bytes.Length)));
    }

    [Fact]
    public void Rfc_4231_hmac_case_2()
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes("what do ya want for nothing?");
        byte[] mac = new HmacSha256().ComputeSha256(System.Text.Encoding.ASCII.GetBytes("Jefe"), data, 0, data.Length);
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Property_digest_and_mac_equal_dotnets_for_every_length_and_key_size()
    {
        Random random = new(11);
        HmacSha256 hmac = new();
        for (int n = 0; n < 600; n++)
        {
            byte[] data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            byte[] key = new byte[random.Next(0, 150)];
            random.NextBytes(key);
            int offset = data.Length == 0 ? 0 : random.Next(0, data.Length);
            int length = data.Length - offset;
            Assert.Equal(SHA256.HashData(data.AsSpan(offset, length)), Sha256.Hash(data, offset, length));
            Assert.Equal(HMACSHA256.HashData(key, data.AsSpan(offset, length)), hmac.ComputeSha256(key, data, offset, length));
        }
    }

    [Fact]
    public void Config_hash_is_the_first_16_hex_digits_of_the_site_files_sha256()
    {
        string site = "{\"format\":\"nfbond-site/1\",\"site\":\"café \U0001F600\"}";
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(site)))[..16], SiteFileHash.Of(site));
    }
}
