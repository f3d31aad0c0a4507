using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelOps.Sdk.Governance.ModelCards;

/// <summary>
/// A structured model card for one version (after Mitchell et al. 2019, "Model Cards for Model Reporting"): what people wrote
/// (<see cref="ModelCardContent"/>) and what the registry knows (metrics, signature, lineage, status, approvals, gate results,
/// fairness on the validation data), rendered to Markdown and JSON.
/// </summary>
public sealed record ModelCard
{
    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the flavor.</summary>
    public required string Flavor { get; init; }

    /// <summary>Gets the lifecycle status.</summary>
    public required ModelVersionStatus Status { get; init; }

    /// <summary>Gets who registered the version.</summary>
    public required string RegisteredBy { get; init; }

    /// <summary>Gets when the version was registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Gets the version's description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets what the model is for.</summary>
    public string? IntendedUse { get; init; }

    /// <summary>Gets where it must not be used.</summary>
    public string? Limitations { get; init; }

    /// <summary>Gets the accountable owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets the training data description.</summary>
    public string? TrainingData { get; init; }

    /// <summary>Gets the evaluation results: the version's registered metrics.</summary>
    public IReadOnlyDictionary<string, double> EvaluationResults { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets fairness figures per protected attribute from the validation monitoring report.</summary>
    public IReadOnlyList<ModelCardFairness> FairnessResults { get; init; } = [];

    /// <summary>Gets the lineage.</summary>
    public ModelLineage Lineage { get; init; } = new();

    /// <summary>Gets the input and output signature.</summary>
    public ModelSignature Signature { get; init; } = ModelSignature.Empty;

    /// <summary>Gets who approved the version.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Gets whether the latest gate report passed, or <see langword="null"/> when the gates were never evaluated.</summary>
    public bool? GatesPassed { get; init; }

    /// <summary>Gets the failed gates of the latest report, with their reasons.</summary>
    public IReadOnlyList<string> GateFailures { get; init; } = [];

    /// <summary>Gets whether a field is filled.</summary>
    /// <param name="field">The field.</param>
    /// <returns><see langword="true"/> when it has content.</returns>
    public bool Has(ModelCardField field) => field switch
    {
        ModelCardField.IntendedUse => !string.IsNullOrWhiteSpace(IntendedUse),
        ModelCardField.Limitations => !string.IsNullOrWhiteSpace(Limitations),
        ModelCardField.Owner => !string.IsNullOrWhiteSpace(Owner),
        ModelCardField.TrainingData => !string.IsNullOrWhiteSpace(TrainingData),
        ModelCardField.EvaluationResults => EvaluationResults.Count > 0,
        ModelCardField.FairnessResults => FairnessResults.Any(f => f.DemographicParityRatio is not null || f.EqualizedOddsDifference is not null),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown model card field."),
    };

    /// <summary>Renders the card as JSON (camelCase, indented).</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, GovernanceJson.Default.ModelCard);

    /// <summary>Renders the card as Markdown, with "not provided" for empty fields so gaps are visible.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.Append(c, $"# Model card: {ModelName} version {Version}").AppendLine().AppendLine();
        md.Append(c, $"- Flavor: {Flavor}").AppendLine();
        md.Append(c, $"- Status: {Status}").AppendLine();
        md.Append(c, $"- Registered by {RegisteredBy} at {RegisteredAt:yyyy-MM-dd HH:mm:ss} UTC").AppendLine();
        md.Append(c, $"- Owner: {Or(Owner)}").AppendLine();
        if (Approvers.Count > 0)
        {
            md.Append(c, $"- Approved by: {string.Join(", ", Approvers)}").AppendLine();
        }

        md.AppendLine();

        Section(md, "Description", Description);
        Section(md, "Intended use", IntendedUse);
        Section(md, "Limitations", Limitations);
        Section(md, "Training data", TrainingData);

        md.AppendLine("## Evaluation results").AppendLine();
        if (EvaluationResults.Count == 0)
        {
            md.AppendLine("_not provided_").AppendLine();
        }
        else
        {
            md.AppendLine("| Metric | Value |").AppendLine("|---|---:|");
            foreach (var (name, value) in EvaluationResults.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                md.Append(c, $"| {name} | {value:0.####} |").AppendLine();
            }

            md.AppendLine();
        }

        md.AppendLine("## Fairness on the validation data").AppendLine();
        if (FairnessResults.Count == 0)
        {
            md.AppendLine("_not provided_").AppendLine();
        }
        else
        {
            md.AppendLine("| Attribute | Demographic parity ratio | Demographic parity difference | Equalized odds difference |").AppendLine("|---|---:|---:|---:|");
            foreach (var f in FairnessResults)
            {
                md.Append(c, $"| {f.Attribute} | {Num(f.DemographicParityRatio)} | {Num(f.DemographicParityDifference)} | {Num(f.EqualizedOddsDifference)} |").AppendLine();
            }

            md.AppendLine();
        }

        md.AppendLine("## Signature").AppendLine();
        foreach (var (label, fields) in new[] { ("Input", Signature.Inputs), ("Output", Signature.Outputs) })
        {
            foreach (var field in fields)
            {
                var shape = field.Shape is { Count: > 0 } s ? $"[{string.Join(',', s)}]" : string.Empty;
                md.Append(c, $"- {label} `{field.Name}`: {field.DataType}{shape}{(field.IsOptional ? " (optional)" : string.Empty)}").AppendLine();
            }
        }

        md.AppendLine().AppendLine("## Lineage").AppendLine();
        md.Append(c, $"- Parent version: {(Lineage.ParentVersion is { } p ? p.ToString(c) : "none")}").AppendLine();
        md.Append(c, $"- Source revision: {Or(Lineage.SourceRevision)}").AppendLine();
        md.Append(c, $"- Training data fingerprint: {Or(Lineage.TrainingDataFingerprint)}").AppendLine();
        md.AppendLine().AppendLine("## Promotion gates").AppendLine();
        md.AppendLine(GatesPassed switch
        {
            null => "_not evaluated_",
            true => "All gates passed.",
            false => "Failed: " + string.Join("; ", GateFailures),
        });
        return md.ToString();

        static string Or(string? value) => string.IsNullOrWhiteSpace(value) ? "_not provided_" : value;

        static string Num(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "insufficient";

        static void Section(StringBuilder md, string title, string? text) =>
            md.Append(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine().AppendLine(Or(text)).AppendLine();
    }
}
