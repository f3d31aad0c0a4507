using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("versions", "frobnicate")]
    [InlineData("versions", "register", "credit")]
    [InlineData("versions", "show", "credit", "not-a-number")]
    [InlineData("aliases", "rollback", "credit", "champion")]
    [InlineData("aliases", "resolve", "credit", "champion", "--at", "last tuesday")]
    [InlineData("aliases", "move", "credit", "champion", "2", "--expected-version", "two")]
    [InlineData("review", "reject", "credit", "1")]
    public async Task BadCommandLine_ExitsWithUsageCodeAndSaysWhat(params string[] arguments)
    {
        using var registry = new TemporaryRegistry();

        var run = await registry.RunAsync(new Dictionary<string, string>(), arguments);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("modelops: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task UnknownGateTypeInConfiguration_IsAUsageErrorNamingIt()
    {
        using var registry = new TemporaryRegistry(governance: new { Gates = new object[] { new { Type = "vibes-check" } } });

        var run = await registry.RunAsync(new Dictionary<string, string>(), "models", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("vibes-check", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFile_IsAUsageError()
    {
        using var registry = new TemporaryRegistry();

        var run = await registry.RunAsync(new Dictionary<string, string>(), "models", "list", "--config", "missing.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZeroAndListsTheCommandGroups()
    {
        using var registry = new TemporaryRegistry();

        var run = await registry.RunAsync(new Dictionary<string, string>(), "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var group in new[] { "models", "versions", "gates", "review", "aliases", "audit", "cards" })
        {
            Assert.Contains(group, run.Output, StringComparison.Ordinal);
        }
    }
}
