using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>
/// Options of the routing loops that <c>AddRoutingLoops()</c> registers: ramp advance, experiment evaluation with automation, and
/// statistics snapshots. Bound from configuration (section <c>ModelOps:Routing:Loops</c>) and validated at host start and when the
/// loops are first resolved.
/// </summary>
/// <remarks>Read once when a loop starts: a change needs a restart.</remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class RoutingLoopsOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Routing:Loops</c>.
    /// </summary>
    public const string SectionName = "Routing:Loops";

    /// <summary>
    /// Gets the experiments the loops act on, each as <c>model/experiment</c>; empty for every experiment stored in the registry.
    /// </summary>
    /// <value>The default value is empty (every stored experiment).</value>
    public IList<string> Experiments { get; } = [];

    /// <summary>Gets or sets whether the ramp loop (<c>routing:ramp</c>) runs <see cref="Control.RampScheduler.TryAdvanceAsync"/> for each running experiment with ramp steps.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RampEnabled { get; set; } = true;

    /// <summary>Gets or sets how often the ramp loop runs.</summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RampInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets whether the evaluation loop (<c>routing:evaluation</c>) evaluates each running experiment's challengers and acts
    /// on the decisions as <see cref="AutoPromote"/>, <see cref="AbortOnGuardrailBreach"/> and <see cref="AutoRollback"/> allow.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool EvaluationEnabled { get; set; } = true;

    /// <summary>Gets or sets how often the evaluation loop runs.</summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets whether a <see cref="Evaluation.DecisionKind.Promote"/> decision moves the champion alias to the challenger
    /// (conditioned on the alias still pointing to the champion version the evaluation saw) and concludes the experiment.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: promotion is an explicit opt-in.</value>
    public bool AutoPromote { get; set; }

    /// <summary>
    /// Gets or sets whether a guardrail breach (error rate, latency, or a signal such as a drift alert) on a challenger that serves
    /// traffic aborts the experiment, so every call goes to the champion and the ramp stops.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AbortOnGuardrailBreach { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a guardrail breach on a challenger that an automatic promotion made champion rolls the champion alias
    /// back (conditioned on the alias still pointing to the promoted version).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AutoRollback { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the statistics loop (<c>routing:statistics</c>) stores this instance's statistics of each experiment it
    /// recorded for (<see cref="Statistics.ExperimentStatisticsStore.SaveAsync"/>), at every interval and once more when it stops, so
    /// other instances can evaluate on all traffic.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool StatisticsSnapshotsEnabled { get; set; } = true;

    /// <summary>Gets or sets how often the statistics loop stores a snapshot.</summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan StatisticsSnapshotInterval { get; set; } = TimeSpan.FromMinutes(1);
}
