using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>Documentation: requires the version's model card to have the named fields filled.</summary>
public sealed class ModelCardGate : IPromotionGate
{
    /// <summary>Initializes a new instance of the <see cref="ModelCardGate"/> class.</summary>
    /// <param name="requiredFields">The fields that must be filled; by default intended use, limitations, owner and training data.</param>
    public ModelCardGate(params ModelCardField[] requiredFields)
    {
        ArgumentNullException.ThrowIfNull(requiredFields);
        RequiredFields = requiredFields.Length > 0
            ? requiredFields.Distinct().ToArray()
            : [ModelCardField.IntendedUse, ModelCardField.Limitations, ModelCardField.Owner, ModelCardField.TrainingData];
    }

    /// <inheritdoc/>
    public string Name => "documentation:model-card";

    /// <summary>Gets the required fields.</summary>
    public IReadOnlyList<ModelCardField> RequiredFields { get; }

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var card = await ModelCardAssembler.AssembleAsync(context.Registry, context.Candidate.ModelName, context.Candidate.Version, cancellationToken).ConfigureAwait(false);
        var missing = RequiredFields.Where(f => !card.Has(f)).ToArray();
        var threshold = $"filled: {string.Join(", ", RequiredFields)}";
        var figures = new Dictionary<string, double> { ["missingFields"] = missing.Length };
        return missing.Length == 0
            ? GateResult.Pass(Name, "the model card has every required field", figures, threshold)
            : GateResult.Fail(Name, $"the model card of version {context.Candidate.Version} lacks {string.Join(", ", missing)}", figures, threshold);
    }
}
