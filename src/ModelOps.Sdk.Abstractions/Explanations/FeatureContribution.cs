namespace ModelOps.Sdk.Explanations;

/// <summary>
/// How much one feature moved the explained output of one decision, away from the explanation's baseline.
/// </summary>
/// <param name="Feature">The feature: an input field (occlusion), or a slot of the model's feature vector (ML.NET).</param>
/// <param name="Contribution">The signed contribution, in the explained output's units: positive raised the output.</param>
/// <param name="Value">The feature's value in the decision, when it is a number (for a categorical feature, <see langword="null"/>).</param>
/// <param name="BaselineValue">The value it was compared with, when it is a number: the reference median under occlusion, 0 for an
/// ML.NET linear model; <see langword="null"/> for a categorical feature or where the method has no single baseline value.</param>
public sealed record FeatureContribution(string Feature, double Contribution, double? Value = null, double? BaselineValue = null)
{
    /// <summary>Gets the direction of the contribution, or <see langword="null"/> when it is 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ContributionDirection? Direction => Contribution > 0
        ? ContributionDirection.Increases
        : Contribution < 0 ? ContributionDirection.Decreases : null;
}
