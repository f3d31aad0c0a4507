using ModelOps.Sdk.Docs.Tests.Markdown;

namespace ModelOps.Sdk.Docs.Tests.Compilation;

/// <summary>A C# block of a doc file, with how it is compiled.</summary>
public sealed record DocSnippet(string DocPath, MarkdownCodeBlock Block, SnippetKind Kind, string? IgnoreReason)
{
    /// <summary>The marker that skips a block: <c>ignore: </c> followed by the reason.</summary>
    public const string IgnorePrefix = "ignore:";

    /// <summary>The marker of a signature listing.</summary>
    public const string SignatureMarker = "signature";

    /// <summary>Classifies a block; an unknown marker, or <c>ignore:</c> without a reason, throws naming the file and line.</summary>
    public static DocSnippet From(string docPath, MarkdownCodeBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Marker.Length == 0)
        {
            return new DocSnippet(docPath, block, SnippetKind.Code, null);
        }

        if (block.Marker == SignatureMarker)
        {
            return new DocSnippet(docPath, block, SnippetKind.Signature, null);
        }

        if (block.Marker.StartsWith(IgnorePrefix, StringComparison.Ordinal) && block.Marker[IgnorePrefix.Length..].Trim().Length > 0)
        {
            return new DocSnippet(docPath, block, SnippetKind.Ignored, block.Marker[IgnorePrefix.Length..].Trim());
        }

        throw new InvalidOperationException(
            $"{docPath}({block.FirstCodeLine - 1}): unknown marker '{block.Marker}' on a C# block; use none, '{SignatureMarker}' or '{IgnorePrefix} <why>'.");
    }
}
