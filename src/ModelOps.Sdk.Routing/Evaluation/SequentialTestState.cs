namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// What a sequential test carries from one look to the next: the running minimum of the always-valid p-value and the running
/// intersection of the confidence sequence. Store it with the experiment and pass it back at the next evaluation.
/// </summary>
/// <remarks>
/// Johari et al. define the always-valid p-value as p_n = min(p_{n−1}, 1/Λ_n), and the confidence sequence may be intersected
/// over time; both stay valid at every look because the mixture likelihood ratio is a nonnegative martingale under the null.
/// Evaluations made from statistics merged across instances may be interleaved; the running minimum only tightens, so order does
/// not matter.
/// </remarks>
/// <param name="PValue">The always-valid p-value so far (1 at the start).</param>
/// <param name="LowerBound">The lower end of the confidence sequence for the effect so far.</param>
/// <param name="UpperBound">The upper end of the confidence sequence for the effect so far.</param>
/// <param name="Looks">How many evaluations updated the state.</param>
public sealed record SequentialTestState(double PValue, double LowerBound, double UpperBound, long Looks)
{
    /// <summary>Gets the state before the first look: p = 1 and an unbounded interval.</summary>
    public static SequentialTestState Initial { get; } = new(1, double.NegativeInfinity, double.PositiveInfinity, 0);
}
