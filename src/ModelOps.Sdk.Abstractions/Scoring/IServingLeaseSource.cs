namespace ModelOps.Sdk.Scoring;

/// <summary>
/// A scorer that can lend the loaded version that made one of its decisions, so that the decision is explained by that very
/// version while the scorer may already serve another. The scorers <see cref="IModelScorerFactory"/> creates implement it; the
/// logging scorers (plain and routed) use it to explain decisions after they are made.
/// </summary>
/// <remarks>
/// A scorer that does not implement it still gets its decisions explained, by the same version loaded again
/// (<c>IDecisionExplainer.ExplainVersionAsync</c>), which costs a load per explanation.
/// </remarks>
public interface IServingLeaseSource
{
    /// <summary>
    /// Takes a lease on the loaded version that served <paramref name="served"/> if the scorer still serves it: the version is not
    /// unloaded until the lease is disposed. Lock-free; does not wait for anything.
    /// </summary>
    /// <param name="served">The version a call returned in <see cref="ScoredPrediction{TOutput}.Model"/>.</param>
    /// <returns>The lease, to dispose once (promptly: it keeps the version loaded); or <see langword="null"/> when the scorer has
    /// moved on to another version or is disposed.</returns>
    IServingLease? TryLeaseServing(ServedModel served);
}
