namespace ModelOps.Sdk.Governance.ModelCards;

/// <summary>The fields of a <see cref="ModelCard"/> that a documentation gate can require.</summary>
public enum ModelCardField
{
    /// <summary><see cref="ModelCard.IntendedUse"/>.</summary>
    IntendedUse = 0,

    /// <summary><see cref="ModelCard.Limitations"/>.</summary>
    Limitations = 1,

    /// <summary><see cref="ModelCard.Owner"/>.</summary>
    Owner = 2,

    /// <summary><see cref="ModelCard.TrainingData"/>.</summary>
    TrainingData = 3,

    /// <summary><see cref="ModelCard.EvaluationResults"/> (at least one metric).</summary>
    EvaluationResults = 4,

    /// <summary><see cref="ModelCard.FairnessResults"/> (at least one attribute with figures).</summary>
    FairnessResults = 5,
}
