using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Explanations;

/// <summary>
/// The registry's <see cref="IDecisionExplainer"/>: the flavor's own explanation where it has one, otherwise occlusion against the
/// version's reference profile; then the reasons of the version's reason-code table.
/// </summary>
/// <remarks>
/// Occlusion (feature ablation) follows Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014, as
/// Captum's <c>FeatureAblation</c> applies it to tabular inputs: the attribution of feature i is f(x) - f(x with x_i set to its
/// baseline b_i). For a model linear in its inputs, f = c + sum w_j x_j, that is exactly w_i (x_i - b_i). The baseline is the
/// reference median of a numeric feature and the most frequent reference value of a categorical or Boolean one
/// (<see cref="FeatureBaseline"/>), as SageMaker Clarify states a baseline with each attribution. It costs 2 + n scores for n
/// features. Inputs that are not a scalar (or a one-element array) and inputs without a baseline in the profile keep their value
/// and get no contribution.
/// </remarks>
internal sealed class DecisionExplainer(IModelRegistry registry, IModelScorerFactory scorers) : IDecisionExplainer
{
    /// <summary>The reference profile occlusion reads, as <c>SaveReferenceProfileAsync</c> names it by default.</summary>
    internal const string ProfileName = "default";

    private static readonly string[] NumericTypes = ["float32", "float64", "float", "double", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "single"];

    public async Task<DecisionExplanation> ExplainAsync(ILoadedModel model, JsonElement input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var version = model.Version;
        JsonModelFields.EnsureObject(input, version);
        var table = await ReasonCodeTableRegistryExtensions.ReadAsync(registry, version.ModelName, version.Version, cancellationToken).ConfigureAwait(false);
        var explanation = model is IExplainableModel explainable ? explainable.Explain(input) : null;
        explanation ??= await OccludeAsync(model, input, table?.Output, cancellationToken).ConfigureAwait(false);
        return explanation with
        {
            ModelName = version.ModelName,
            Version = version.Version,
            ReasonCodes = table is null ? [] : ReasonCodes(table, explanation),
        };
    }

    public async Task<DecisionExplanation> ExplainVersionAsync(string modelName, int version, JsonElement input, CancellationToken cancellationToken = default)
    {
        var model = await scorers.LoadAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        await using (model.ConfigureAwait(false))
        {
            return await ExplainAsync(model, input, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The reasons of a table for an explanation: fired rules with an entry, in table order, then contributions with an entry for
    /// their feature and direction, largest absolute contribution first; at most <see cref="ReasonCodeTable.MaxReasons"/>.
    /// </summary>
    internal static IReadOnlyList<ReasonCode> ReasonCodes(ReasonCodeTable table, DecisionExplanation explanation)
    {
        var reasons = new List<ReasonCode>();
        foreach (var rule in explanation.FiredRules)
        {
            if (reasons.Count < table.MaxReasons
                && table.Entries.FirstOrDefault(e => string.Equals(e.RuleId, rule.RuleId, StringComparison.Ordinal)) is { } entry)
            {
                reasons.Add(new ReasonCode(entry.Code, entry.Text, null, rule.RuleId, 0));
            }
        }

        foreach (var contribution in Ordered(explanation.Contributions))
        {
            if (reasons.Count >= table.MaxReasons)
            {
                break;
            }

            if (contribution.Direction is { } direction
                && table.Entries.FirstOrDefault(e => e.Direction == direction && string.Equals(e.Feature, contribution.Feature, StringComparison.Ordinal)) is { } entry)
            {
                reasons.Add(new ReasonCode(entry.Code, entry.Text, contribution.Feature, null, contribution.Contribution));
            }
        }

        return reasons;
    }

    /// <summary>Orders contributions by decreasing absolute size, ties by feature name (ordinal), as <see cref="DecisionExplanation.Contributions"/> promises.</summary>
    internal static FeatureContribution[] Ordered(IEnumerable<FeatureContribution> contributions) =>
        [.. contributions.OrderByDescending(static c => Math.Abs(c.Contribution)).ThenBy(static c => c.Feature, StringComparer.Ordinal)];

    private async Task<DecisionExplanation> OccludeAsync(ILoadedModel model, JsonElement input, string? output, CancellationToken cancellationToken)
    {
        var version = model.Version;
        if (model is not IJsonScoringModel scoring)
        {
            throw new ExplanationUnavailableException(version.ModelName, version.Version,
                $"its flavor '{version.Flavor}' neither explains its decisions (IExplainableModel) nor scores JSON (IJsonScoringModel), which occlusion needs");
        }

        var (profile, revision) = await ReadBaselinesAsync(version, cancellationToken).ConfigureAwait(false);
        var outputs = scoring.ScoreJson(input);
        // An output named Score (ML.NET's name, kept by its ONNX export as Score.output), else the first numeric output that scored
        // as one number (the signature's shapes may leave dimensions open) and does not merely pass an input through.
        var candidates = version.Signature.Outputs
            .Where(f => IsNumeric(f) && !PassesAnInputThrough(f, version.Signature) && TryRead(outputs, f.Name) is not null)
            .ToList();
        var explained = output
            ?? candidates.FirstOrDefault(static f => f.Name.Equals("Score", StringComparison.OrdinalIgnoreCase) || f.Name.Equals("Score.output", StringComparison.OrdinalIgnoreCase))?.Name
            ?? candidates.FirstOrDefault()?.Name
            ?? throw new ExplanationUnavailableException(version.ModelName, version.Version,
                "it has no numeric output that scores as a single number to attribute; name one in the reason-code table's Output");

        var original = JsonObject.Create(input)!;
        var actual = Read(outputs, explained, version);
        var baselineInput = JsonObject.Create(input)!;
        var occlusions = new List<(string Name, string Property, JsonNode? Baseline, double? Value, double? BaselineValue)>();
        foreach (var property in original)
        {
            var baseline = profile.FirstOrDefault(b => string.Equals(b.Name, property.Key, StringComparison.Ordinal))
                ?? profile.SingleOrDefault(b => string.Equals(b.Name, property.Key, StringComparison.OrdinalIgnoreCase));
            var integer = version.Signature.Inputs.FirstOrDefault(f => string.Equals(f.Name, property.Key, StringComparison.OrdinalIgnoreCase))?.DataType
                is { } type && (type.StartsWith("int", StringComparison.OrdinalIgnoreCase) || type.StartsWith("uint", StringComparison.OrdinalIgnoreCase));
            if (baseline is null || Replace(property.Value, baseline, integer) is not { } replacement)
            {
                continue;
            }

            occlusions.Add((baseline.Name, property.Key, replacement.Node, replacement.Value, replacement.BaselineValue));
            baselineInput[property.Key] = replacement.Node.DeepClone();
        }

        var contributions = new List<FeatureContribution>(occlusions.Count);
        foreach (var (name, property, baseline, value, baselineValue) in occlusions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var occluded = (JsonObject)original.DeepClone();
            occluded[property] = baseline!.DeepClone();
            var without = Read(scoring.ScoreJson(JsonSerializer.SerializeToElement(occluded, ExplainerJsonContext.Default.JsonObject)), explained, version);
            contributions.Add(new FeatureContribution(name, actual - without, value, baselineValue));
        }

        var atBaseline = Read(scoring.ScoreJson(JsonSerializer.SerializeToElement(baselineInput, ExplainerJsonContext.Default.JsonObject)), explained, version);
        return new DecisionExplanation
        {
            ModelName = version.ModelName,
            Version = version.Version,
            Method = ExplanationMethod.Occlusion,
            Baseline = string.Create(CultureInfo.InvariantCulture,
                $"reference profile '{ProfileName}' revision {revision}: each input feature set in turn to its reference median (numeric) or most frequent reference value (categorical, Boolean)"),
            Output = explained,
            OutputValue = actual,
            BaselineOutputValue = atBaseline,
            Contributions = Ordered(contributions),
        };
    }

    private async Task<(IReadOnlyList<FeatureBaseline> Baselines, int Revision)> ReadBaselinesAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var documents = await registry.ListDocumentsAsync(version.ModelName, version.Version, DocumentKinds.ReferenceProfile, cancellationToken).ConfigureAwait(false);
        var latest = documents.Where(static d => string.Equals(d.Name, ProfileName, StringComparison.Ordinal)).MaxBy(static d => d.Revision)
            ?? throw new ExplanationUnavailableException(version.ModelName, version.Version,
                $"occlusion takes its baselines from the version's reference profile '{ProfileName}', and it has none; save one with SaveReferenceProfileAsync (ModelOps.Sdk.Monitoring)");
        var content = await registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
        return (EvidenceJson.ReadReferenceProfileSummary(content.Span).Baselines, latest.Revision);
    }

    /// <summary>The baseline in the shape of the input's value (a scalar, or a one-element array nested as the value is), or <see langword="null"/> when the value cannot be occluded.</summary>
    /// <remarks>An integer input takes the median rounded to the nearest integer (to even on a tie), since it cannot take a fraction.</remarks>
    private static (JsonNode Node, double? Value, double? BaselineValue)? Replace(JsonNode? value, FeatureBaseline baseline, bool integer)
    {
        var depth = 0;
        while (value is JsonArray { Count: 1 } single)
        {
            value = single[0];
            depth++;
        }

        if (value is not JsonValue scalar)
        {
            return null;
        }

        JsonNode node;
        double? number = null;
        double? baselineNumber = null;
        switch (scalar.GetValueKind())
        {
            case JsonValueKind.Number when baseline.Median is { } median:
                number = Number(scalar);
                baselineNumber = integer ? Math.Round(median, MidpointRounding.ToEven) : median;
                node = integer ? JsonValue.Create((long)baselineNumber) : JsonValue.Create(median);
                break;
            case JsonValueKind.String when baseline.MostFrequent is { } category:
                node = JsonValue.Create(category);
                break;
            case JsonValueKind.True or JsonValueKind.False when baseline.MostFrequent is { } flag && bool.TryParse(flag, out var b):
                node = JsonValue.Create(b);
                break;
            default:
                return null;
        }

        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return (node, number, baselineNumber);
    }

    /// <summary>Reads the explained output as a number: a number, a Boolean (1 or 0), or either inside one-element arrays.</summary>
    private static double Read(JsonObject outputs, string output, ModelVersion version) =>
        TryRead(outputs, output) is { } number
            ? number
            : throw new ExplanationUnavailableException(version.ModelName, version.Version, outputs.ContainsKey(output)
                ? $"its output '{output}' is not a number (or a one-element array of one), so occlusion cannot attribute it"
                : $"it has no output '{output}' to attribute (the reason-code table's Output, or the signature's first numeric output)");

    private static double? TryRead(JsonObject outputs, string output)
    {
        var node = outputs.TryGetPropertyValue(output, out var found) ? found : null;
        while (node is JsonArray { Count: 1 } single)
        {
            node = single[0];
        }

        return node is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.Number => Number(value),
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => null,
            }
            : null;
    }

    /// <summary>
    /// A JSON number as a double, whatever CLR type the node holds: flavors write outputs as <see cref="float"/> (ONNX float32),
    /// <see cref="double"/>, integers or a parsed element, and <c>GetValue&lt;double&gt;</c> converts none of them to another.
    /// </summary>
    private static double? Number(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<float>(out var f) ? f
        : value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : value.TryGetValue<decimal>(out var m) ? (double)m
        : value.TryGetValue<ulong>(out var u) ? u
        : value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble()
        : double.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    /// <summary>An output that only repeats an input (named after it, or after it with <c>.output</c>, as ML.NET's ONNX export passes inputs through) explains nothing.</summary>
    private static bool PassesAnInputThrough(SignatureField output, ModelSignature signature) =>
        signature.Inputs.Any(i => string.Equals(output.Name, i.Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(output.Name, i.Name + ".output", StringComparison.OrdinalIgnoreCase));

    private static bool IsNumeric(SignatureField field) => NumericTypes.Contains(field.DataType, StringComparer.OrdinalIgnoreCase);
}
