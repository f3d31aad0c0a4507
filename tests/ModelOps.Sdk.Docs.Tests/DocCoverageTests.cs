using ModelOps.Sdk.Docs.Tests.Compilation;
using ModelOps.Sdk.Docs.Tests.Markdown;

namespace ModelOps.Sdk.Docs.Tests;

/// <summary>No C# block escapes the compile test, and skipping one stays the exception.</summary>
public sealed class DocCoverageTests
{
    /// <summary>How many blocks may be marked <c>ignore:</c> across all docs.</summary>
    private const int MaximumIgnoredBlocks = 5;

    [Fact]
    public void EveryMarkdownFileWithACSharpBlock_IsScanned()
    {
        var scanned = DocFileSet.Scanned().ToHashSet(StringComparer.Ordinal);

        var unscanned = DocFileSet.All()
            .Where(p => !scanned.Contains(p) && DocFileSet.Read(p).CSharpBlocks.Any())
            .ToList();

        Assert.True(unscanned.Count == 0,
            $"These files hold C# blocks the compile test does not scan; move the code or widen DocFileSet.Scanned: {string.Join(", ", unscanned)}");
    }

    [Fact]
    public void CSharpBlocks_AreTaggedCSharp()
    {
        // Blocks tagged cs or c# would be compiled too, but one tag keeps the docs greppable and the markers uniform.
        var misTagged = DocFileSet.Scanned()
            .SelectMany(p => DocFileSet.Read(p).CSharpBlocks.Where(b => b.Language != "csharp").Select(b => $"{p}({b.FirstCodeLine - 1}): ```{b.Language}"))
            .ToList();

        Assert.True(misTagged.Count == 0, string.Join('\n', misTagged));
    }

    [Fact]
    public void IgnoredBlocks_AreAHandfulAndEachSaysWhy()
    {
        var ignored = DocFileSet.Scanned()
            .SelectMany(p => DocFileSet.Read(p).CSharpBlocks.Select(b => DocSnippet.From(p, b)))
            .Where(s => s.Kind == SnippetKind.Ignored)
            .ToList();

        Assert.True(ignored.Count <= MaximumIgnoredBlocks,
            $"{ignored.Count} C# blocks are marked ignore (at most {MaximumIgnoredBlocks}): {string.Join(", ", ignored.Select(s => $"{s.DocPath}({s.Block.FirstCodeLine - 1})"))}");
        Assert.All(ignored, s => Assert.False(string.IsNullOrWhiteSpace(s.IgnoreReason)));
    }
}
