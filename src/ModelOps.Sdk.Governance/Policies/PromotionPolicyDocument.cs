using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// A promotion policy as data: how many approvals a version needs, which gates it must pass, in order, and, once stored, which
/// aliases are protected and which one is the champion. It is what
/// <see cref="IGovernanceService.SetPolicyAsync"/> stores in the registry, what <c>modelops policy set --file</c> reads, and the
/// shape of a policy in the tool's <c>Governance</c> configuration section. <see cref="PromotionGateCatalog"/> builds the
/// <see cref="PromotionPolicy"/> it describes.
/// </summary>
/// <remarks>
/// The JSON shape (names case-insensitive; unknown properties are errors):
/// <code>
/// {
///   "requiredApprovals": 2,
///   "protectedAliases": [ "champion" ],
///   "championAlias": "champion",
///   "gates": [
///     { "type": "metric-threshold", "metric": "auc", "minimum": 0.85 },
///     { "type": "fairness", "attributes": [ "gender" ], "minimumDemographicParityRatio": 0.8 }
///   ]
/// }
/// </code>
/// <c>protectedAliases</c> and <c>championAlias</c> are the stored alias rules (<see cref="ModelOps.Sdk.Security.StoredAliasPolicy"/>):
/// once stored they bind every process that opens the registry, a host without governance included, and a process's configured
/// <see cref="GovernanceOptions.ProtectedAliases"/> can only add to them. In the tool's configuration section they are not read
/// (the section's own <c>ProtectedAliases</c> and <c>ChampionAlias</c> configure the tool).
/// Immutable once built; thread-safe.
/// </remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PromotionPolicyDocument
{
    /// <summary>Initializes a new instance of the <see cref="PromotionPolicyDocument"/> class.</summary>
    /// <param name="requiredApprovals">How many distinct approvers, none of them the registrant, a version needs.</param>
    /// <param name="gates">The gates, in evaluation order; <see langword="null"/> for none.</param>
    /// <param name="protectedAliases">The aliases the stored policy protects; <see langword="null"/> for none.</param>
    /// <param name="championAlias">The alias gates compare against; <see langword="null"/> to leave it to configuration.</param>
    [JsonConstructor]
    public PromotionPolicyDocument(int requiredApprovals = 1, IReadOnlyList<GateSpecification>? gates = null, IReadOnlyList<string>? protectedAliases = null, string? championAlias = null)
    {
        // The constructor holds the defaults: JSON that omits a property gets them too.
        RequiredApprovals = requiredApprovals;
        Gates = gates ?? [];
        ProtectedAliases = protectedAliases ?? [];
        ChampionAlias = championAlias;
    }

    /// <summary>Gets how many distinct approvers, none of them the registrant, a version needs.</summary>
    /// <value>The default value is 1.</value>
    public int RequiredApprovals { get; init; }

    /// <summary>Gets the gates, evaluated in this order (DI-registered gates run after them).</summary>
    /// <value>The default value is no gates.</value>
    public IReadOnlyList<GateSpecification> Gates { get; init; }

    /// <summary>
    /// Gets the aliases this policy protects once stored: they may only point to approved versions, moving or rolling them back needs
    /// the deploy role, and a registry without governance may not change them at all. Added to the configured
    /// <see cref="GovernanceOptions.ProtectedAliases"/>.
    /// </summary>
    /// <value>The default value is none (only the configured ones are protected).</value>
    public IReadOnlyList<string> ProtectedAliases { get; init; }

    /// <summary>Gets the alias gates compare against once stored; it takes precedence over <see cref="GovernanceOptions.ChampionAlias"/>.</summary>
    /// <value>The default value is <see langword="null"/> (the configured champion alias).</value>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChampionAlias { get; init; }

    /// <summary>Reads a policy document from JSON. Only the shape is checked here; <see cref="PromotionGateCatalog.Validate"/> checks the gates.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The document.</returns>
    /// <exception cref="InvalidPromotionPolicyException">The text is not JSON of this shape (the error names the path).</exception>
    public static PromotionPolicyDocument FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromJson(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a policy document from UTF-8 JSON. Only the shape is checked here; <see cref="PromotionGateCatalog.Validate"/> checks the gates.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The document.</returns>
    /// <exception cref="InvalidPromotionPolicyException">The bytes are not JSON of this shape (the error names the path).</exception>
    public static PromotionPolicyDocument FromJson(ReadOnlySpan<byte> utf8Json)
    {
        PromotionPolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, PromotionPolicyJson.Default.PromotionPolicyDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidPromotionPolicyException(null, [new PromotionPolicyError(null, null, (ex.Path ?? "$").TrimStart('$', '.'), ex.Message)]);
        }

        if (document is null)
        {
            throw new InvalidPromotionPolicyException(null, [new PromotionPolicyError(null, null, null, "the document is null; expected an object with 'requiredApprovals' and 'gates'")]);
        }

        var nulls = document.Gates.Select((gate, index) => (gate, index)).Where(g => g.gate is null)
            .Select(g => new PromotionPolicyError(g.index, null, null, "is null; expected a gate object with a 'type'")).ToArray();
        if (nulls.Length > 0)
        {
            throw new InvalidPromotionPolicyException(null, nulls);
        }

        var aliasErrors = document.ProtectedAliases.Select((alias, index) => (alias, index)).Where(a => string.IsNullOrWhiteSpace(a.alias))
            .Select(a => new PromotionPolicyError(null, null, $"protectedAliases[{a.index}]", "is empty; expected an alias name")).ToList();
        if (document.ChampionAlias is { } champion && string.IsNullOrWhiteSpace(champion))
        {
            aliasErrors.Add(new PromotionPolicyError(null, null, "championAlias", "is empty; expected an alias name, or leave it out"));
        }

        if (aliasErrors.Count > 0)
        {
            throw new InvalidPromotionPolicyException(null, aliasErrors);
        }

        return document;
    }

    /// <summary>Writes the document as indented JSON in the documented shape.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, PromotionPolicyJson.Default.PromotionPolicyDocument);

    /// <summary>Writes the document as indented UTF-8 JSON in the documented shape.</summary>
    /// <returns>The UTF-8 JSON.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, PromotionPolicyJson.Default.PromotionPolicyDocument);
}
