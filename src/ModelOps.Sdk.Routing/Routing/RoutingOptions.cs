using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// Options of the routing runtime, bound from configuration (section <c>ModelOps:Routing</c> by convention) and validated when
/// the first routed scorer is created.
/// </summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class RoutingOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Routing</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Routing";

    /// <summary>
    /// Gets or sets the seed of the random source used for per-call assignment, shadow sampling and prediction-id nonces, or
    /// <see langword="null"/> to seed from the operating system. Fix it in simulations and tests.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? Seed { get; set; }

    /// <summary>
    /// Gets or sets this instance's id in stored statistics (letters, digits, <c>_</c> and <c>-</c>), or <see langword="null"/>
    /// for <see cref="ModelOpsOptions.InstanceId"/> (<c>ModelOps:InstanceId</c>), which monitoring windows are saved under too, and
    /// without it <see cref="ModelOpsOptions.DefaultInstanceId"/>. Give each instance of a service a distinct, stable id; set
    /// <c>ModelOps:InstanceId</c> rather than this, so the fleet view counts an instance's statistics and windows as one.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    public string? InstanceId { get; set; }

    /// <summary>
    /// Gets or sets how often champion calls are timed: one in this many (a power of two), chosen at random. Reading the clock
    /// twice per call costs more than the routing decision on some virtual machines, so by default the latency distribution is
    /// a uniform sample of champion calls; call and error counts are always exact, and challenger and shadow calls are always
    /// timed (their timeout depends on it). Set 1 to time every call.
    /// </summary>
    /// <value>The default value is 16.</value>
    [Range(1, 1024)]
    public int LatencySamplingInterval { get; set; } = 16;

    /// <summary>Gets or sets how many shadow calls may wait per routed scorer; when full, new ones are dropped and counted.</summary>
    /// <value>The default value is 1024.</value>
    [Range(1, 1_000_000)]
    public int ShadowQueueCapacity { get; set; } = 1024;

    /// <summary>Gets or sets how many shadow calls a routed scorer runs at once (its shadow workers).</summary>
    /// <value>The default value is 1.</value>
    [Range(1, 256)]
    public int ShadowConcurrency { get; set; } = 1;

    /// <summary>
    /// Gets or sets how often a routed scorer reads its experiment's definition from the registry, to follow changes made by other
    /// instances (changes made through this process's <see cref="Control.ExperimentController"/> apply at once).
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan DefinitionRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets a value indicating whether every routed decision written to the prediction log is explained, by the version of
    /// the arm that decided (the one it served then, even after the champion has moved), with the registered
    /// <see cref="ModelOps.Sdk.Explanations.IDecisionExplainer"/> and the reason codes of that version's table. The explanation is computed off
    /// the caller's path, after the decision, and the record is written to the log once it is done. An explainer that fails never
    /// fails the decision: the failure is counted (<see cref="IRoutedScorer{TInput, TOutput}.ExplanationsFailed"/>), logged, and the
    /// record says why (<see cref="ModelOps.Sdk.Predictions.PredictionLogRecord.ExplanationUnavailable"/>). Needs a prediction log
    /// (an <see cref="ModelOps.Sdk.Predictions.IPredictionLogSink"/>): without one the options fail validation at start, rather than the
    /// setting being ignored.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: routed decisions are logged without explanations, at no extra cost.</value>
    public bool ExplainEveryDecision { get; set; }

    /// <summary>
    /// Gets or sets how many background explanations (<see cref="ExplainEveryDecision"/>) a routed scorer may be running at once.
    /// A decision made while that many are running is logged at once without an explanation, with
    /// <see cref="ModelOps.Sdk.Predictions.PredictionLogRecord.ExplanationUnavailable"/> saying so, and counted in
    /// <see cref="IRoutedScorer{TInput, TOutput}.ExplanationsSkipped"/>.
    /// </summary>
    /// <value>The default value is 64.</value>
    [Range(1, 1_000_000)]
    public int MaxPendingExplanations { get; set; } = 64;
}
