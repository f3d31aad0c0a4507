using System.Text.Json;

namespace ModelOps.Sdk.Security;

/// <summary>
/// The alias rules of a policy stored in the registry: which aliases are protected and which alias is the champion. They are part
/// of the stored promotion policy document (a registry-level one for every model, a model-level one for its model), and they bind
/// every process that opens the registry, with or without governance.
/// </summary>
/// <remarks>
/// <para>
/// The contract between the core registry and a governance package: a registry whose guards include no
/// <see cref="IStoredPolicyEnforcer"/> refuses, with <see cref="UngovernedChangeException"/>, to move, roll back or delete an alias
/// a stored policy protects, to approve a version of a model a stored policy governs, and to store a policy. A registry with an
/// enforcer leaves those rules to it; the enforcer applies the stored protected aliases in addition to any it is configured with
/// (configuration can only add to them) and takes the champion alias from the stored policy when it names one.
/// </para>
/// <para>
/// The JSON properties read here (names case-insensitive, both optional) sit beside the promotion policy's own:
/// <c>{ "protectedAliases": [ "champion" ], "championAlias": "champion", "requiredApprovals": 1, "gates": [] }</c>. A stored
/// policy without <c>protectedAliases</c> protects no alias through this contract.
/// </para>
/// </remarks>
public sealed class StoredAliasPolicy
{
    /// <summary>The document name of a stored policy (one per model, and one at registry level); its latest revision applies.</summary>
    public const string DocumentName = "promotion-policy.json";

    /// <summary>Initializes a new instance of the <see cref="StoredAliasPolicy"/> class.</summary>
    /// <param name="modelName">The model the policy is stored for, or <see langword="null"/> for the registry-wide policy.</param>
    /// <param name="revision">The stored document's revision.</param>
    /// <param name="protectedAliases">The aliases it protects.</param>
    /// <param name="championAlias">The champion alias it names, if any.</param>
    public StoredAliasPolicy(string? modelName, int revision, IReadOnlyList<string> protectedAliases, string? championAlias)
    {
        ArgumentNullException.ThrowIfNull(protectedAliases);
        ModelName = modelName;
        Revision = revision;
        ProtectedAliases = protectedAliases;
        ChampionAlias = championAlias;
    }

    /// <summary>Gets the model the policy is stored for, or <see langword="null"/> for the registry-wide policy.</summary>
    public string? ModelName { get; }

    /// <summary>Gets the stored document's revision.</summary>
    public int Revision { get; }

    /// <summary>Gets the aliases the policy protects.</summary>
    public IReadOnlyList<string> ProtectedAliases { get; }

    /// <summary>Gets the champion alias the policy names, or <see langword="null"/> when it names none.</summary>
    public string? ChampionAlias { get; }

    /// <summary>Gets a description of the policy for messages, for example <c>the stored policy of model 'credit' (revision 2)</c>.</summary>
    public string Description => Describe(ModelName, Revision);

    /// <summary>Reads the alias rules from a stored policy document's content; every other property is ignored.</summary>
    /// <param name="document">The stored document.</param>
    /// <param name="utf8Json">Its content.</param>
    /// <returns>The alias rules.</returns>
    /// <exception cref="StorageFormatException">The content is not a JSON object, or an alias property has the wrong shape.</exception>
    public static StoredAliasPolicy Read(ModelDocument document, ReadOnlySpan<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(document);
        var location = Describe(document.ModelName, document.Revision);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            using var json = JsonDocument.ParseValue(ref reader);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new StorageFormatException(location, $"{location} is not a JSON object.");
            }

            var protectedAliases = new List<string>();
            string? championAlias = null;
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "protectedAliases", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
                    {
                        throw new StorageFormatException(location, $"{location}: 'protectedAliases' is not an array of alias names.");
                    }

                    protectedAliases.AddRange(property.Value.EnumerateArray().Select(a => a.GetString()!));
                }
                else if (string.Equals(property.Name, "championAlias", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        throw new StorageFormatException(location, $"{location}: 'championAlias' is not an alias name.");
                    }

                    championAlias = property.Value.GetString();
                }
            }

            return new StoredAliasPolicy(document.ModelName, document.Revision, protectedAliases.Distinct(StringComparer.Ordinal).ToArray(), championAlias);
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException(location, $"{location} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string Describe(string? modelName, int revision) =>
        (modelName is null ? "the registry-wide stored policy" : $"the stored policy of model '{modelName}'") + $" (revision {revision})";
}
