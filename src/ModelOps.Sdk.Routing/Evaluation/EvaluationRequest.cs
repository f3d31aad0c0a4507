using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>One evaluation of a challenger against the champion, from statistics merged across instances.</summary>
public sealed record EvaluationRequest
{
    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the experiment.</summary>
    public required string ExperimentName { get; init; }

    /// <summary>Gets the champion's statistics.</summary>
    public required ArmStatistics Champion { get; init; }

    /// <summary>Gets the challenger's statistics (after a promotion: the promoted version's, for the guardrails).</summary>
    public required ArmStatistics Challenger { get; init; }

    /// <summary>Gets the policy.</summary>
    public required EvaluationPolicy Policy { get; init; }

    /// <summary>Gets when the experiment started (for <see cref="EvaluationPolicy.MinimumDuration"/>).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the sequential test's state from the previous evaluation, or <see langword="null"/> at the first.</summary>
    public SequentialTestState? PreviousState { get; init; }

    /// <summary>Gets the configured weight of every routed arm (champion first), for the sample-ratio check; <see langword="null"/> skips it (shadow experiments).</summary>
    public IReadOnlyList<double>? ExpectedWeights { get; init; }

    /// <summary>Gets the observed calls of every routed arm, in the order of <see cref="ExpectedWeights"/>.</summary>
    public IReadOnlyList<long>? ObservedCounts { get; init; }
}
