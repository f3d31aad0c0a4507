using YamlDotNet.RepresentationModel;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>Small reads of a parsed YAML tree that fail the test, naming the key, when the shape is not the expected one.</summary>
internal static class YamlNodes
{
    public static YamlNode? Child(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static string? Scalar(this YamlMappingNode map, string key) => map.Child(key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new InvalidOperationException($"'{key}' should be a scalar, found a {other.NodeType} at {other.Start}"),
    };

    public static YamlMappingNode Mapping(this YamlMappingNode map, string key) =>
        map.Child(key) as YamlMappingNode ?? throw new InvalidOperationException($"'{key}' should be a mapping at {map.Start}");

    public static YamlSequenceNode Sequence(this YamlMappingNode map, string key) =>
        map.Child(key) as YamlSequenceNode ?? throw new InvalidOperationException($"'{key}' should be a sequence at {map.Start}");

    public static IEnumerable<YamlMappingNode> Mappings(this YamlSequenceNode sequence) =>
        sequence.Children.Select(n => n as YamlMappingNode ?? throw new InvalidOperationException($"expected a mapping at {n.Start}"));

    /// <summary>Reads a scalar-or-sequence of names (<c>needs</c>, <c>dependsOn</c>); null when absent.</summary>
    public static List<string>? Names(this YamlMappingNode map, string key) => map.Child(key) switch
    {
        null => null,
        YamlScalarNode scalar => [scalar.Value!],
        YamlSequenceNode sequence => [.. sequence.Children.Select(n => ((YamlScalarNode)n).Value!)],
        var other => throw new InvalidOperationException($"'{key}' should be a name or a list of names at {other.Start}"),
    };

    /// <summary>Reads a mapping of scalars (<c>env</c>, <c>outputs</c>), empty when absent.</summary>
    public static List<KeyValuePair<string, string>> Pairs(this YamlMappingNode map, string key) =>
        map.Child(key) is YamlMappingNode pairs
            ? [.. pairs.Children.Select(p => new KeyValuePair<string, string>(((YamlScalarNode)p.Key).Value!, ((YamlScalarNode)p.Value).Value ?? string.Empty))]
            : [];

    public static string Key(this KeyValuePair<YamlNode, YamlNode> pair) => ((YamlScalarNode)pair.Key).Value!;
}
