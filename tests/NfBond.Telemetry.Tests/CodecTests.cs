using System.Text;
using System.Text.Json;
using NfBond.Firmware.Json;
using NfBond.Firmware.Telemetry;
using NfBond.Firmware.Text;

namespace NfBond.Telemetry.Tests;

public class CodecTests
{
    [Fact]
    public void The_writer_produces_json_that_dotnet_and_our_reader_read_back()
    {
        Random random = new(6);
        JsonWriter w = new(8);
        for (int round = 0; round < 2000; round++)
        {
            string text = RandomText(random);
            long number = random.Next(4) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => random.NextInt64(long.MinValue, long.MaxValue) };
            w.Reset();
            w.BeginObject();
            w.Member("s", text);
            w.Member("n", number);
            w.Member("b", round % 2 == 0);
            w.Name("a");
            w.BeginArray();
            w.Number(1);
            w.Null();
            w.String("x");
            w.EndArray();
            w.EndObject();

            JsonElement dotnet = JsonDocument.Parse(w.Buffer.AsMemory(0, w.Length)).RootElement;
            Assert.Equal(text, dotnet.GetProperty("s").GetString());
            Assert.Equal(number, dotnet.GetProperty("n").GetInt64());
            JsonObject ours = (JsonObject)JsonReader.Parse(Utf8.GetString(w.Buffer, 0, w.Length))!;
            Assert.Equal(text, ours.Get("s"));
            Assert.Equal(3, ((JsonArray)ours.Get("a")!).Count);
        }
    }

    [Fact]
    public void Utf8_agrees_with_dotnet_on_text_and_never_throws_on_junk()
    {
        Random random = new(8);
        for (int round = 0; round < 5000; round++)
        {
            string text = RandomText(random);
            byte[] ours = Utf8.GetBytes(text);
            Assert.Equal(Encoding.UTF8.GetBytes(text), ours);
            Assert.Equal(Encoding.UTF8.GetString(ours), Utf8.GetString(ours, 0, ours.Length));

            byte[] junk = new byte[random.Next(0, 40)];
            random.NextBytes(junk);
            _ = Utf8.GetString(junk, 0, junk.Length);
        }

        Assert.Equal([0xAB, 0x01], Utf8.FromHex("ab01"));
        Assert.Null(Utf8.FromHex("abc"));
        Assert.Null(Utf8.FromHex("zz"));
    }

    private static string RandomText(Random random)
    {
        char[] pool = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\u0001', 'é', '€', '中', '\uD83D', '\uDE00'];
        StringBuilder text = new();
        int n = random.Next(0, 20);
        for (int i = 0; i < n; i++)
        {
            char c = pool[random.Next(pool.Length)];
            if (c == '\uD83D')
            {
                text.Append("\uD83D\uDE00");
            }
            else if (c != '\uDE00')
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
