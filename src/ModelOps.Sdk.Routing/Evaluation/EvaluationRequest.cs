using ModelOps.Sdk.Routing.Experiments;
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

    /// <summary>
    /// Gets how many challengers the experiment compares with the same champion (k): with
    /// <see cref="EvaluationPolicy.CorrectForMultipleChallengers"/>, this challenger is tested at α/k.
    /// <see cref="ForChallenger"/> sets it to the definition's number of challengers.
    /// </summary>
    /// <value>The default value is 1.</value>
    public int ChallengerCount { get; init; } = 1;

    /// <summary>
    /// Builds the request for one challenger of a stored experiment from its (merged) statistics: the arms' statistics over all the
    /// versions that served them, the metric, the number of challengers (for the α split), and, for a split without a ramp or
    /// gradual rollback, the configured shares and observed calls of every arm for the sample-ratio check.
    /// </summary>
    /// <remarks>
    /// The sample-ratio check is left out for shadow experiments (no split), and for experiments with ramp steps or a share limit,
    /// whose counts accumulate under weights that changed.
    /// </remarks>
    /// <param name="definition">The experiment's definition.</param>
    /// <param name="statistics">Its statistics, for example from <see cref="ExperimentStatisticsStore.LoadMergedAsync"/>.</param>
    /// <param name="challengerArm">The challenger's arm name.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="startedAt">When the experiment started.</param>
    /// <param name="previousState">The state of the previous evaluation of this challenger, or <see langword="null"/>.</param>
    /// <returns>The request; an arm with no statistics yet is given empty ones.</returns>
    /// <exception cref="ArgumentException"><paramref name="challengerArm"/> is not a challenger of the experiment.</exception>
    public static EvaluationRequest ForChallenger(ExperimentDefinition definition, ExperimentStatistics statistics, string challengerArm, EvaluationPolicy policy, DateTimeOffset startedAt, SequentialTestState? previousState = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(policy);
        if (!definition.Challengers.Any(c => string.Equals(c.Name, challengerArm, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{challengerArm}' is not a challenger of experiment '{definition.Name}' (challengers: {string.Join(", ", definition.Challengers.Select(static c => c.Name))}).", nameof(challengerArm));
        }

        ArmStatistics Find(string arm) => statistics.FindArm(arm) is { } found ? found with { Version = LatestVersion(arm) } : new ArmStatistics { Arm = arm, Kind = definition.Metric };
        int? LatestVersion(string arm) => statistics.Arms.Where(a => string.Equals(a.Arm, arm, StringComparison.Ordinal)).Max(static a => a.Version);

        var splitCheck = definition.Mode == ExperimentMode.Split && definition.RampSteps.Count == 0 && definition.ChallengerShareLimit is null;
        return new EvaluationRequest
        {
            ModelName = definition.ModelName,
            ExperimentName = definition.Name,
            Champion = Find(definition.Champion.Name),
            Challenger = Find(challengerArm),
            Policy = policy,
            StartedAt = startedAt,
            PreviousState = previousState,
            ExpectedWeights = splitCheck ? definition.CurrentShares() : null,
            ObservedCounts = splitCheck ? [Find(definition.Champion.Name).Calls, .. definition.Challengers.Select(c => Find(c.Name).Calls)] : null,
            ChallengerCount = definition.Challengers.Count,
        };
    }
}
