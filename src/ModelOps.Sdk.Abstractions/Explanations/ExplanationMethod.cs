namespace ModelOps.Sdk.Explanations;

/// <summary>How a <see cref="DecisionExplanation"/> was computed.</summary>
public enum ExplanationMethod
{
    /// <summary>
    /// The rules that fired (the <c>rules</c> flavor): every matching rule with its outputs and description, in table order. No
    /// contributions are computed.
    /// </summary>
    FiredRules = 0,

    /// <summary>
    /// ML.NET's own feature contribution calculation (<c>FeatureContributionCalculatingEstimator</c>) for linear, generalized
    /// additive and tree models: a linear model's contribution of a feature is its weight times its value in the model's feature
    /// space (so the baseline is 0 there); a tree ensemble's is the change in score its splits make along the decision path.
    /// </summary>
    FeatureContributionCalculation = 1,

    /// <summary>
    /// Model-agnostic occlusion (feature ablation) against the version's stored reference profile: each input feature in turn is
    /// set to its reference baseline (the median of a numeric feature, the most frequent value of a categorical or Boolean one), the
    /// model is scored again, and the feature's contribution is the output minus the occluded output.
    /// </summary>
    Occlusion = 2,
}
