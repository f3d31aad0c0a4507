namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// The result of a sample-ratio-mismatch check: Pearson's chi-square of the observed arm counts against the configured weights.
/// </summary>
/// <param name="ChiSquare">The chi-square statistic Σ (observed − expected)² / expected.</param>
/// <param name="DegreesOfFreedom">The number of arms with a positive weight, less one.</param>
/// <param name="PValue">The probability of a statistic at least this large if traffic really followed the weights.</param>
/// <param name="IsMismatch">Whether <see cref="PValue"/> is below the threshold: the split is broken and results must not be trusted.</param>
public sealed record SampleRatioMismatchResult(double ChiSquare, int DegreesOfFreedom, double PValue, bool IsMismatch);
