namespace ModelOps.Sdk.Docs.Tests.Markdown;

/// <summary>A Markdown file of the repository and its code blocks.</summary>
/// <param name="RelativePath">The path from the repository root, with forward slashes (<c>docs/monitoring.md</c>).</param>
/// <param name="Blocks">Every fenced code block of the file, in order.</param>
public sealed record DocFile(string RelativePath, IReadOnlyList<MarkdownCodeBlock> Blocks)
{
    /// <summary>The file's C# blocks.</summary>
    public IEnumerable<MarkdownCodeBlock> CSharpBlocks => Blocks.Where(b => b.IsCSharp);
}
