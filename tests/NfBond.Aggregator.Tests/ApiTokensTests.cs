using NfBond.Aggregator.Api;

namespace NfBond.Aggregator.Tests;

/// <summary>The API token file: created with one random token, several allowed, an empty one refused with a clear message.</summary>
public class ApiTokensTests
{
    [Fact]
    public void A_new_file_gets_one_long_random_token_that_alone_is_allowed()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-tokens").FullName, "api-token");
        ApiTokens tokens = new(path);

        Assert.Matches("^[0-9a-f]{48}$", tokens.First);
        Assert.True(tokens.Allows("Bearer " + tokens.First));
        Assert.False(tokens.Allows("Bearer " + tokens.First[..47]));
        Assert.False(tokens.Allows(tokens.First));
        Assert.False(tokens.Allows(null));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_file_without_any_token_is_refused_naming_the_file()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-tokens").FullName, "api-token");
        File.WriteAllText(path, "# all withdrawn\n\n");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => new ApiTokens(path));
        Assert.Contains(path + " lists no API token", error.Message);
    }
}
