using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>One fenced code block of a Markdown file: its language, its text (the fence's indentation removed) and where it starts.</summary>
internal sealed record FencedBlock(string Language, string Text, int Line);

/// <summary>
/// docs/ci-cd.md as the tests read it (copied beside the test assembly by the project file): its fenced blocks, the GitHub Actions
/// workflow and the Azure Pipelines pipeline parsed with YamlDotNet, and the <c>appsettings.json</c> policy it shows.
/// </summary>
internal sealed partial class CiCdDocument
{
    private CiCdDocument(IReadOnlyList<FencedBlock> blocks)
    {
        Blocks = blocks;
        var yaml = blocks.Where(b => b.Language == "yaml").ToList();
        GitHubWorkflow = Single(yaml, root => root.Children.ContainsKey("jobs"), "a GitHub Actions workflow (a YAML block with 'jobs')");
        AzurePipeline = Single(yaml, root => root.Children.ContainsKey("stages"), "an Azure Pipelines pipeline (a YAML block with 'stages')");
        AppSettings = blocks.Single(b => b.Language == "json" && b.Text.Contains("\"Governance\"", StringComparison.Ordinal)).Text;
    }

    public IReadOnlyList<FencedBlock> Blocks { get; }

    public YamlMappingNode GitHubWorkflow { get; }

    public YamlMappingNode AzurePipeline { get; }

    /// <summary>Gets the <c>appsettings.json</c> the document says is committed beside the pipeline (the policy).</summary>
    public string AppSettings { get; }

    public static CiCdDocument Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "docs", "ci-cd.md");
        Assert.True(File.Exists(path), $"docs/ci-cd.md was not copied beside the tests ({path}).");
        return new CiCdDocument(ReadBlocks(File.ReadAllLines(path)));
    }

    /// <summary>Parses YAML text into its root mapping.</summary>
    public static YamlMappingNode ParseYaml(string text, string what)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        var document = Assert.Single(stream.Documents);
        return document.RootNode as YamlMappingNode ?? throw new InvalidOperationException($"{what}: the YAML root is not a mapping.");
    }

    private static YamlMappingNode Single(List<FencedBlock> yaml, Func<YamlMappingNode, bool> predicate, string what)
    {
        var matches = yaml.Select(b => ParseYaml(b.Text, what)).Where(predicate).ToList();
        Assert.True(matches.Count == 1, $"docs/ci-cd.md should show exactly one {what}; found {matches.Count}.");
        return matches[0];
    }

    private static List<FencedBlock> ReadBlocks(string[] lines)
    {
        var blocks = new List<FencedBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success || open.Groups["lang"].Value.Length == 0)
            {
                continue;
            }

            string indent = open.Groups["indent"].Value;
            var text = new List<string>();
            int start = i + 1;
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                text.Add(lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i].TrimStart());
            }

            blocks.Add(new FencedBlock(open.Groups["lang"].Value, string.Join('\n', text) + "\n", start + 1));
        }

        return blocks;
    }

    [GeneratedRegex(@"^(?<indent>\s*)```(?<lang>[a-z]*)\s*$")]
    private static partial Regex Fence();
}
