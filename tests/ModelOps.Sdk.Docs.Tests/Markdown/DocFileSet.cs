using System.Reflection;

namespace ModelOps.Sdk.Docs.Tests.Markdown;

/// <summary>
/// The Markdown files whose C# blocks are compiled: <c>README.md</c>, <c>docs/**/*.md</c>, <c>src/*/README.md</c> and
/// <c>samples/*/README.md</c>.
/// </summary>
public static class DocFileSet
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "TestResults", "BenchmarkDotNet.Artifacts", "node_modules"];

    /// <summary>The repository root, recorded by the build.</summary>
    public static string RepositoryRoot { get; } = typeof(DocFileSet).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ModelOps.Sdk.RepositoryRoot").Value!;

    /// <summary>The relative paths of the scanned files, sorted.</summary>
    public static IReadOnlyList<string> Scanned()
    {
        var files = new List<string> { Path.Combine(RepositoryRoot, "README.md") };
        files.AddRange(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md", SearchOption.AllDirectories));
        foreach (var folder in new[] { "src", "samples" })
        {
            files.AddRange(Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, folder))
                .Select(d => Path.Combine(d, "README.md"))
                .Where(File.Exists));
        }

        return [.. files.Select(ToRelative).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every Markdown file of the repository outside build output, as relative paths.</summary>
    public static IReadOnlyList<string> All() =>
        [.. Enumerate(RepositoryRoot).Select(ToRelative).Order(StringComparer.Ordinal)];

    /// <summary>Reads one file by its relative path.</summary>
    public static DocFile Read(string relativePath) =>
        new(relativePath, MarkdownCodeBlockReader.Read(File.ReadAllText(Path.Combine(RepositoryRoot, relativePath))));

    private static IEnumerable<string> Enumerate(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.md"))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
            {
                foreach (var file in Enumerate(child))
                {
                    yield return file;
                }
            }
        }
    }

    private static string ToRelative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');
}
