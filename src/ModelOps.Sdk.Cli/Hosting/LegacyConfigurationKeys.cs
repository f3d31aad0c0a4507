namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// The tool's keys from before the one <c>ModelOps</c> section (docs/hosting.md), kept as aliases: each is rewritten to its place in
/// the section within the configuration source it came from, so a source's precedence is kept and a key the same source also sets
/// in the section layout wins over its alias. The root-level <c>Governance</c> section is not rewritten: it is read as a whole when
/// <c>ModelOps:Governance</c> is absent (<see cref="Policies.GovernancePolicyConfiguration"/>), so its errors name the keys written.
/// </summary>
internal static class LegacyConfigurationKeys
{
    /// <summary>The legacy prefixes and where they live now, most specific first.</summary>
    private static readonly (string Legacy, string Current)[] Prefixes =
    [
        ("Store:Path", "ModelOps:Store:RootPath"),
        ("Store", "ModelOps:Store"),
        ("PostgreSql", "ModelOps:PostgreSql"),
        ("S3", "ModelOps:S3"),
        ("Onnx", "ModelOps:Flavors:Onnx"),
        ("Bundles", "ModelOps:Bundles"),
    ];

    /// <summary>Rewrites the legacy keys of one source's values to the section layout (other keys are kept as they are).</summary>
    public static Dictionary<string, string?> Rewrite(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var current = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var aliased = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            if (Map(key) is { } mapped)
            {
                aliased[mapped] = value;
            }
            else
            {
                current[key] = value;
            }
        }

        foreach (var (key, value) in aliased)
        {
            current.TryAdd(key, value);
        }

        return current;
    }

    private static string? Map(string key)
    {
        foreach (var (legacy, current) in Prefixes)
        {
            if (string.Equals(key, legacy, StringComparison.OrdinalIgnoreCase))
            {
                return current;
            }

            if (key.Length > legacy.Length && key[legacy.Length] == ':' && key.StartsWith(legacy, StringComparison.OrdinalIgnoreCase))
            {
                return current + key[legacy.Length..];
            }
        }

        return null;
    }
}
