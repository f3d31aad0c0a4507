using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class ModelCardCommandsTests
{
    [Fact]
    public async Task Save_ThenShow_PrintsTheNewContentAsMarkdownAndJson()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.9);
        var content = registry.WriteFile("card.json", """{ "intendedUse": "retail credit", "limitations": "no business loans", "owner": "risk-team", "trainingData": "2019-2025" }""");

        var save = await registry.RunAsAsync("alice", string.Empty, "cards", "save", "credit", $"{version}", "--file", content, "--json");
        var markdown = await registry.RunAsAsync("bob", string.Empty, "cards", "show", "credit", $"{version}");

        Assert.True(save.ExitCode == 0, save.ToString());
        Assert.Equal("no business loans", save.Json().GetProperty("limitations").GetString());
        Assert.Equal(0.9, save.Json().GetProperty("evaluationResults").GetProperty("auc").GetDouble());
        Assert.Contains("## Limitations", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("no business loans", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| auc | 0.9 |", markdown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownModel_ExitsWithNotFound()
    {
        using var registry = new TemporaryRegistry();

        var run = await registry.RunAsAsync("bob", string.Empty, "cards", "show", "nothing", "1");

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("nothing", run.Error, StringComparison.Ordinal);
    }
}
