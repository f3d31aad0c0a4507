using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// An experiment on one model: its champion, its challengers, how traffic is split between them, and where it stands. Immutable;
/// build one with <see cref="ExperimentBuilder"/>, store it with <see cref="Control.ExperimentStore"/> so every instance routes the
/// same way, and change it at run time with <see cref="Control.ExperimentController"/> (each change is a new audited revision).
/// </summary>
/// <remarks>
/// The definition is a plain record that round-trips through System.Text.Json; a definition read back is validated again before
/// it is used. Use <c>with</c> expressions only through the controller, which validates and audits the change.
/// </remarks>
public sealed record ExperimentDefinition
{
    /// <summary>Gets the experiment's name, unique for its model (letters, digits, <c>_</c> and <c>-</c>; at most 64 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the model the experiment routes.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the champion arm: it answers every call that is not enrolled or not assigned to a challenger.</summary>
    public required ArmDefinition Champion { get; init; }

    /// <summary>Gets the challenger arms, at least one.</summary>
    public required IReadOnlyList<ArmDefinition> Challengers { get; init; }

    /// <summary>Gets whether challengers answer live calls or only shadow them.</summary>
    /// <value>The default value is <see cref="ExperimentMode.Split"/>.</value>
    public ExperimentMode Mode { get; init; } = ExperimentMode.Split;

    /// <summary>Gets how calls are assigned to arms in a split.</summary>
    /// <value>The default value is <see cref="AssignmentKind.PerCall"/>.</value>
    public AssignmentKind Assignment { get; init; } = AssignmentKind.PerCall;

    /// <summary>
    /// Gets the salt mixed into the sticky hash. Two experiments with different salts assign the same entity independently; keep
    /// the salt when changing shares, or entities move.
    /// </summary>
    public required string Salt { get; init; }

    /// <summary>Gets the ramp's steps, or an empty list for fixed weights.</summary>
    public IReadOnlyList<RampStep> RampSteps { get; init; } = [];

    /// <summary>Gets the index of the current ramp step (0 when there is no ramp).</summary>
    public int RampStep { get; init; }

    /// <summary>Gets when the current ramp step started, or <see langword="null"/> before the experiment is first stored.</summary>
    public DateTimeOffset? RampStepStartedAt { get; init; }

    /// <summary>Gets the rules a call's input must all satisfy to enter the experiment; empty enrolls every call.</summary>
    public IReadOnlyList<TargetingRule> Targeting { get; init; } = [];

    /// <summary>Gets the share of calls, in (0, 1], that shadows score in <see cref="ExperimentMode.Shadow"/>.</summary>
    /// <value>The default value is 1 (every call).</value>
    public double ShadowSamplingRate { get; init; } = 1.0;

    /// <summary>
    /// Gets how long a challenger may take: a live challenger slower than this has its answer replaced by the champion's (in-process
    /// scoring cannot be pre-empted, so the call takes the challenger's time plus the champion's) and the call counts as a failure
    /// of the challenger; a shadow slower than this counts as a failed shadow call.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan ChallengerTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the task's quality metric, which decides what an outcome records (see <see cref="QualityMetricKind"/>).</summary>
    /// <value>The default value is <see cref="QualityMetricKind.BinaryClassification"/>.</value>
    public QualityMetricKind Metric { get; init; } = QualityMetricKind.BinaryClassification;

    /// <summary>
    /// Gets when a challenger may be promoted, abandoned or rolled back (see <see cref="EvaluationPolicy"/>), stored with the
    /// definition so every instance evaluates alike; <see langword="null"/> leaves it to whoever evaluates.
    /// </summary>
    public EvaluationPolicy? Evaluation { get; init; }

    /// <summary>
    /// Gets how many calls the challengers had served (over all instances, as counted by the ramp's statistics source) when the
    /// current ramp step started; the step's sample condition counts from there.
    /// </summary>
    public long RampStepStartSamples { get; init; }

    /// <summary>Gets where the experiment stands.</summary>
    /// <value>The default value is <see cref="ExperimentStatus.Running"/>.</value>
    public ExperimentStatus Status { get; init; } = ExperimentStatus.Running;

    /// <summary>
    /// Gets a cap on the challengers' total share set by a gradual rollback, or <see langword="null"/> for none. Lowering it moves
    /// entities off the challengers (the only change that does); it never raises a share above the definition's.
    /// </summary>
    public double? ChallengerShareLimit { get; init; }

    /// <summary>
    /// Gets the share of traffic each arm receives now, champion first, then the challengers in order (the expected weights for a
    /// sample-ratio-mismatch check). Not enrolled calls are not part of it.
    /// </summary>
    /// <returns>The shares; they sum to 1.</returns>
    public IReadOnlyList<double> CurrentShares()
    {
        var plan = TrafficPlan.From(this);
        var shares = new double[Challengers.Count + 1];
        shares[0] = plan.ChampionShare;
        for (var i = 0; i < Challengers.Count; i++)
        {
            shares[i + 1] = plan.ChallengerShares[i];
        }

        return shares;
    }

    /// <summary>Checks the definition and reports every problem at once.</summary>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid; <see cref="InvalidExperimentDefinitionException.Errors"/> lists why.</exception>
    public void Validate()
    {
        var errors = ExperimentValidator.Validate(this);
        if (errors.Count > 0)
        {
            throw new InvalidExperimentDefinitionException(ModelName, Name, errors);
        }
    }
}
