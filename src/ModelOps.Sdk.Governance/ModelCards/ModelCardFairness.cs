namespace ModelOps.Sdk.Governance.ModelCards;

/// <summary>One protected attribute's fairness figures on the validation data, as the card shows them.</summary>
/// <param name="Attribute">The protected attribute.</param>
/// <param name="DemographicParityRatio">Lowest over highest selection rate, or <see langword="null"/> when groups were too small.</param>
/// <param name="DemographicParityDifference">Highest minus lowest selection rate, or <see langword="null"/>.</param>
/// <param name="EqualizedOddsDifference">The larger of the TPR and FPR gaps, or <see langword="null"/> (needs labels).</param>
public sealed record ModelCardFairness(string Attribute, double? DemographicParityRatio, double? DemographicParityDifference, double? EqualizedOddsDifference);
