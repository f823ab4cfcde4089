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
        Assert.Equal(ApiTokenScope.Operator, tokens.ScopeOf("Bearer " + tokens.First));
        Assert.Null(tokens.ScopeOf("Bearer " + tokens.First[..47]));
        Assert.Null(tokens.ScopeOf(tokens.First));
        Assert.Null(tokens.ScopeOf(null));
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

    [Fact]
    public void Tokens_carry_a_scope_and_an_unknown_scope_is_refused_by_name()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-tokens").FullName, "api-token");
        File.WriteAllText(path, "operator-token-0123456789\nreader-token-0123456789 read\n");
        ApiTokens tokens = new(path);
        Assert.Equal(ApiTokenScope.Operator, tokens.ScopeOf("Bearer operator-token-0123456789"));
        Assert.Equal(ApiTokenScope.Read, tokens.ScopeOf("Bearer reader-token-0123456789"));

        File.WriteAllText(path, "t-0123456789 admin\n");
        Assert.Equal(path + ": scope \"admin\" is not known; a token line is \"TOKEN\", \"TOKEN read\" or \"TOKEN operator\"", Assert.Throws<InvalidOperationException>(() => new ApiTokens(path)).Message);
    }
}
