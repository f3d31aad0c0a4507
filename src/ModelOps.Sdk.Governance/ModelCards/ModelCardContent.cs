namespace ModelOps.Sdk.Governance.ModelCards;

/// <summary>
/// The parts of a model card that people write (stored with the version as a <see cref="DocumentKinds.ModelCard"/>
/// document); everything else on the card is filled from the registry.
/// </summary>
public sealed record ModelCardContent
{
    /// <summary>Gets what the model is for, and for whom.</summary>
    public string? IntendedUse { get; init; }

    /// <summary>Gets where the model must not be used, and its known weaknesses.</summary>
    public string? Limitations { get; init; }

    /// <summary>Gets the accountable owner (a team or person); when empty, the version's <c>owner</c> tag is used.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets a description of the training data: source, period, population, known gaps.</summary>
    public string? TrainingData { get; init; }
}
