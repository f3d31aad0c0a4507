namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>The outcome of one look of <see cref="MixtureSequentialTest"/>.</summary>
/// <param name="Estimate">The current effect estimate, mean of B less mean of A.</param>
/// <param name="EstimateVariance">Its sampling variance s² (infinite before both arms have two samples).</param>
/// <param name="State">The state to carry to the next look: always-valid p-value and confidence sequence.</param>
public sealed record SequentialTestUpdate(double Estimate, double EstimateVariance, SequentialTestState State);
