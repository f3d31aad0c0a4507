namespace ModelOps.Sdk.Docs.Tests.Markdown;

/// <summary>One fenced code block of a Markdown file.</summary>
/// <param name="Language">The first word of the fence's info string (<c>csharp</c>, <c>json</c>, ...), empty when there is none.</param>
/// <param name="Marker">The rest of the info string after the language (<c>signature</c>, <c>ignore: why</c>), trimmed.</param>
/// <param name="FirstCodeLine">The 1-based line number, in the Markdown file, of the block's first line of code.</param>
/// <param name="Code">The block's text, with the fence's indentation removed from each line.</param>
public sealed record MarkdownCodeBlock(string Language, string Marker, int FirstCodeLine, string Code)
{
    /// <summary>Whether the block is C#, whatever tag spells it.</summary>
    public bool IsCSharp => Language is "csharp" or "cs" or "c#" or "C#" or "CSharp";
}
