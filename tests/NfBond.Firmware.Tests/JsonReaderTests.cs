using System.Text;
using NfBond.Firmware.Json;

namespace NfBond.Firmware.Tests;

public class JsonReaderTests
{
    [Fact]
    public void Reads_a_nested_document_with_every_value_kind()
    {
        JsonObject root = Assert.IsType<JsonObject>(JsonReader.Parse(
            "{ \"name\": \"modem\\u00e9\\n\", \"n\": -12, \"f\": 2.5e2, \"small\": 1E-2, \"on\": true, \"off\": false, \"none\": null, \"list\": [1, [2], {}] }"));

        Assert.Equal("modem\u00e9\n", root.Get("name"));
        Assert.Equal(-12L, root.Get("n"));
        Assert.Equal(250.0, root.Get("f"));
        Assert.Equal(0.01, (double)root.Get("small")!, 12);
        Assert.Equal(true, root.Get("on"));
        Assert.Equal(false, root.Get("off"));
        Assert.True(root.Contains("none"));
        Assert.Null(root.Get("none"));
        JsonArray list = Assert.IsType<JsonArray>(root.Get("list"));
        Assert.Equal(3, list.Count);
        Assert.Equal(2L, Assert.IsType<JsonArray>(list[1])[0]);
        Assert.Equal("name", root.NameAt(0));
        Assert.Equal(8, root.Count);
    }

    [Theory]
    [InlineData("{\"a\": 1,}", 1, 9, "expected a member name in double quotes")]
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}' in object")]
    [InlineData("[01]", 1, 2, "leading zeros are not allowed in numbers")]
    [InlineData("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate member name \"a\"")]
    [InlineData("\"abc", 1, 5, "unterminated string")]
    [InlineData("[1] x", 1, 5, "unexpected 'x' after the end of the document")]
    [InlineData("{\"a\" 1}", 1, 6, "expected ':' after member name \"a\"")]
    [InlineData("tru", 1, 1, "unexpected 't', expected a value (object, array, string, number, true, false or null)")]
    [InlineData("", 1, 1, "unexpected end of input, expected a value")]
    [InlineData("\"\\x\"", 1, 2, "unknown escape '\\x'")]
    public void Errors_name_line_column_and_the_problem(string json, int line, int column, string problem)
    {
        JsonParseException error = Assert.Throws<JsonParseException>(() => JsonReader.Parse(json));
        Assert.Equal(problem, error.Problem);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith($"line {line}, column {column}: ", error.Message);
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        string deep = new string('[', JsonReader.MaxDepth + 1) + new string(']', JsonReader.MaxDepth + 1);
        Assert.Contains("nesting deeper than", Assert.Throws<JsonParseException>(() => JsonReader.Parse(deep)).Problem);
        string ok = new string('[', JsonReader.MaxDepth) + new string(']', JsonReader.MaxDepth);
        Assert.IsType<JsonArray>(JsonReader.Parse(ok));
    }

    [Fact]
    public void Integers_beyond_64_bits_become_doubles()
    {
        Assert.Equal(9223372036854775807L, JsonReader.Parse("9223372036854775807"));
        Assert.Equal(1e19, (double)JsonReader.Parse("10000000000000000000")!, 1);
    }

    [Fact]
    public void Fuzzed_input_only_ever_fails_with_a_positioned_parse_error()
    {
        string[] seeds =
        [
            File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "esp32-devkitc-2modem.json")),
            "{\"a\":[1,2.5,-3e4,true,false,null,\"x\\\"y\"],\"b\":{}}",
        ];
        Random random = new(99);
        const string noise = "{}[],:\"\\-+.eE0123456789 tfn\n\u00ff";
        int parsed = 0;
        for (int round = 0; round < 20_000; round++)
        {
            StringBuilder text = new(seeds[round % seeds.Length]);
            int mutations = random.Next(1, 6);
            for (int m = 0; m < mutations && text.Length > 0; m++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, noise[random.Next(noise.Length)]);
                        break;
                    default:
                        text[at] = noise[random.Next(noise.Length)];
                        break;
                }
            }

            try
            {
                JsonReader.Parse(text.ToString());
                parsed++;
            }
            catch (JsonParseException ex)
            {
                Assert.True(ex.Line >= 1 && ex.Column >= 1, ex.Message);
            }
        }

        Assert.True(parsed > 0, "no mutation stayed valid; the fuzzer is not exercising the success path");
    }
}
