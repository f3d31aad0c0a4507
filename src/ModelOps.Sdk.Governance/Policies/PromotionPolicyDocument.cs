using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// A promotion policy as data: how many approvals a version needs and which gates it must pass, in order. It is what
/// <see cref="IGovernanceService.SetPolicyAsync"/> stores in the registry, what <c>modelops policy set --file</c> reads, and the
/// shape of a policy in the tool's <c>Governance</c> configuration section. <see cref="PromotionGateCatalog"/> builds the
/// <see cref="PromotionPolicy"/> it describes.
/// </summary>
/// <remarks>
/// The JSON shape (names case-insensitive; unknown properties are errors):
/// <code>
/// {
///   "requiredApprovals": 2,
///   "gates": [
///     { "type": "metric-threshold", "metric": "auc", "minimum": 0.85 },
///     { "type": "fairness", "attributes": [ "gender" ], "minimumDemographicParityRatio": 0.8 }
///   ]
/// }
/// </code>
/// Immutable once built; thread-safe.
/// </remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PromotionPolicyDocument
{
    /// <summary>Initializes a new instance of the <see cref="PromotionPolicyDocument"/> class.</summary>
    /// <param name="requiredApprovals">How many distinct approvers, none of them the registrant, a version needs.</param>
    /// <param name="gates">The gates, in evaluation order; <see langword="null"/> for none.</param>
    [JsonConstructor]
    public PromotionPolicyDocument(int requiredApprovals = 1, IReadOnlyList<GateSpecification>? gates = null)
    {
        // The constructor holds the defaults: JSON that omits a property gets them too.
        RequiredApprovals = requiredApprovals;
        Gates = gates ?? [];
    }

    /// <summary>Gets how many distinct approvers, none of them the registrant, a version needs.</summary>
    /// <value>The default value is 1.</value>
    public int RequiredApprovals { get; init; }

    /// <summary>Gets the gates, evaluated in this order (DI-registered gates run after them).</summary>
    /// <value>The default value is no gates.</value>
    public IReadOnlyList<GateSpecification> Gates { get; init; }

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

        return document;
    }

    /// <summary>Writes the document as indented JSON in the documented shape.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, PromotionPolicyJson.Default.PromotionPolicyDocument);

    /// <summary>Writes the document as indented UTF-8 JSON in the documented shape.</summary>
    /// <returns>The UTF-8 JSON.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, PromotionPolicyJson.Default.PromotionPolicyDocument);
}
