namespace ModelOps.Sdk.AI.Tests;

/// <summary>docs/flavors/ai.md shows the example prompt, golden dataset and recording files of this project unchanged.</summary>
public sealed class DocumentedExampleTests
{
    [Theory]
    [InlineData("ticket-triage.json")]
    [InlineData("golden-dataset.json")]
    public void Page_ShowsTheExampleFileUnchanged(string file)
    {
        var page = File.ReadAllText(Path.Combine(FindRoot(), "docs", "flavors", "ai.md")).ReplaceLineEndings("\n");
        var example = PromptHost.Example(file).ReplaceLineEndings("\n").TrimEnd();

        Assert.Contains(example, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_FirstRecordingOfTheRecordingFileIsShown()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(FindRoot(), "docs", "flavors", "ai.md"));
        var recordings = PromptHost.Example("recordings.json").ReplaceLineEndings("\n");
        var first = recordings[..recordings.IndexOf("  },\n  {", StringComparison.Ordinal)];

        Assert.Contains(first, page.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ModelOps.Sdk.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found above the test's folder.");
        }

        return root;
    }
}
