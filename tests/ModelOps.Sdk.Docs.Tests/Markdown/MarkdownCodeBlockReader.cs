namespace ModelOps.Sdk.Docs.Tests.Markdown;

/// <summary>Reads the fenced code blocks (CommonMark backtick and tilde fences, possibly indented in a list) of a Markdown text.</summary>
public static class MarkdownCodeBlockReader
{
    public static IReadOnlyList<MarkdownCodeBlock> Read(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<MarkdownCodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpenFence(lines[i], out var indent, out var fence, out var info))
            {
                continue;
            }

            var firstCodeLine = i + 2;
            var code = new List<string>();
            for (i++; i < lines.Length && !ClosesFence(lines[i], fence); i++)
            {
                code.Add(Unindent(lines[i], indent));
            }

            var space = info.IndexOf(' ', StringComparison.Ordinal);
            var language = space < 0 ? info : info[..space];
            var marker = space < 0 ? string.Empty : info[(space + 1)..].Trim();
            blocks.Add(new MarkdownCodeBlock(language, marker, firstCodeLine, string.Join('\n', code)));
        }

        return blocks;
    }

    private static bool TryOpenFence(string line, out int indent, out string fence, out string info)
    {
        indent = line.Length - line.TrimStart(' ').Length;
        var rest = line.TrimStart(' ');
        var fenceChar = rest.Length > 0 ? rest[0] : '\0';
        var length = fenceChar is '`' or '~' ? rest.TakeWhile(c => c == fenceChar).Count() : 0;
        fence = length >= 3 ? new string(fenceChar, length) : string.Empty;
        info = length >= 3 ? rest[length..].Trim() : string.Empty;
        return length >= 3 && !(fenceChar == '`' && info.Contains('`', StringComparison.Ordinal));
    }

    private static bool ClosesFence(string line, string fence)
    {
        var rest = line.Trim();
        return rest.Length >= fence.Length && rest.All(c => c == fence[0]);
    }

    private static string Unindent(string line, int indent)
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return line[Math.Min(indent, spaces)..];
    }
}
