using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// One challenger of an experiment against its champion, from the experiment's merged statistics, and the decision the
/// experiment's evaluation policy gives on them now (<see cref="ChampionChallengerEvaluator"/>, read-only: nothing is stored).
/// </summary>
/// <param name="ChallengerArm">The challenger's arm.</param>
/// <param name="Champion">The champion arm's statistics (empty when it has none yet).</param>
/// <param name="Challenger">The challenger arm's statistics (empty when it has none yet).</param>
/// <param name="Decision">The decision with its always-valid interval, or <see langword="null"/> when the experiment has no evaluation policy.</param>
public sealed record ExperimentLook(string ChallengerArm, ArmStatistics Champion, ArmStatistics Challenger, ExperimentDecision? Decision)
{
    /// <summary>
    /// Gets how much better the challenger's primary outcome is than the champion's (accuracy, mean reward, or mean absolute error
    /// reduced), or <see langword="null"/> when either arm has no outcome yet.
    /// </summary>
    public double? Improvement => Champion.Outcomes == 0 || Challenger.Outcomes == 0
        ? null
        : Champion.HigherIsBetter ? Challenger.PrimaryOutcome.Mean - Champion.PrimaryOutcome.Mean : Champion.PrimaryOutcome.Mean - Challenger.PrimaryOutcome.Mean;

    /// <summary>
    /// Gets the effect as judged at each saved statistics snapshot in the report's period, oldest first: at most
    /// <see cref="MaxEffectHistory"/> moments, evenly spread over the snapshots and always ending with the latest. Empty when the
    /// experiment has no evaluation policy or no snapshot in the period.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<EffectAtTime> EffectHistory { get; init; } = [];

    /// <summary>The most moments <see cref="EffectHistory"/> holds, so a long experiment snapshotted every minute stays readable and cheap to report.</summary>
    public const int MaxEffectHistory = 30;
}
