using System.Diagnostics;
using System.Globalization;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// Decides whether a challenger should be promoted, abandoned, rolled back or left running, from the arms' merged statistics,
/// with a test that stays valid however often it is run (mSPRT, see <see cref="MixtureSequentialTest"/>). Thread-safe.
/// </summary>
/// <remarks>
/// <para>Rules, in order (the first that fires decides; see <see cref="DecisionRule"/>):</para>
/// <list type="number">
/// <item>Guardrails → <see cref="DecisionKind.Rollback"/>: the challenger's error rate or p95 latency beyond the policy's limits
/// (once each arm has <see cref="EvaluationPolicy.GuardrailMinimumCalls"/> calls), or any signal an <see cref="IModelSignalSource"/>
/// holds for the challenger's version (<see cref="ArmStatistics.Version"/>), whatever its severity: a
/// <see cref="GuardrailSignal"/> whose source is <c>signal:</c> and the kind (<c>signal:drift</c>, <c>signal:data-quality</c>,
/// <c>signal:fairness</c>, <c>signal:concept-drift</c>).</item>
/// <item>Sample-ratio mismatch → <see cref="DecisionKind.Continue"/>: results are not trusted while the split is broken.</item>
/// <item>Minimum duration, then minimum samples per arm → <see cref="DecisionKind.Continue"/>.</item>
/// <item>The sequential test (the state carried between looks): the confidence sequence above 0 with the estimate at least the
/// minimum effect → <see cref="DecisionKind.Promote"/>; the sequence below 0, or below a positive minimum effect →
/// <see cref="DecisionKind.Abandon"/>; both arms at the maximum samples → <see cref="DecisionKind.Abandon"/>.</item>
/// </list>
/// <para>Binary classification compares accuracy as proportions; regression the mean absolute error (lower is better); rewards the
/// mean reward. Each evaluation starts an <see cref="Activity"/> named <c>ModelOps.Routing.Evaluate</c> on the
/// <c>ModelOps.Sdk.Routing</c> source, tagged with the decision, rule, effect and p-value.</para>
/// </remarks>
public sealed class ChampionChallengerEvaluator
{
    /// <summary>The name of the <see cref="ActivitySource"/> evaluations are traced on.</summary>
    public const string ActivitySourceName = "ModelOps.Sdk.Routing";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private readonly TimeProvider _time;
    private readonly IModelSignalSource[] _signalSources;

    /// <summary>Initializes a new instance of the <see cref="ChampionChallengerEvaluator"/> class.</summary>
    /// <param name="time">The clock (for the minimum duration and the evidence's time).</param>
    /// <param name="signalSources">The sources of signals about the challenger's version, consulted at every evaluation (every
    /// <see cref="IModelSignalSource"/> registered in dependency injection, such as the monitoring package's).</param>
    public ChampionChallengerEvaluator(TimeProvider time, IEnumerable<IModelSignalSource>? signalSources = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _signalSources = signalSources?.ToArray() ?? [];
    }

    /// <summary>Evaluates a challenger against the champion.</summary>
    /// <param name="request">The statistics, policy and previous state.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The decision with its evidence and the state for the next look.</returns>
    /// <exception cref="ArgumentException">The policy is invalid (every problem is listed), the arms' metrics differ, or weights and counts do not match.</exception>
    public async ValueTask<ExperimentDecision> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var champion = request.Champion;
        var challenger = request.Challenger;
        var policy = request.Policy;
        var metric = champion.Kind;
        if (challenger.Kind != metric)
        {
            throw new ArgumentException($"The champion records {metric} but the challenger {challenger.Kind}.", nameof(request));
        }

        var problems = policy.Validate(metric);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The evaluation policy is invalid: " + string.Join("; ", problems), nameof(request));
        }

        if (request.ChallengerCount < 1)
        {
            throw new ArgumentException($"EvaluationRequest.ChallengerCount must be at least 1, not {request.ChallengerCount}.", nameof(request));
        }

        // Bonferroni (O. J. Dunn, "Multiple comparisons among means", JASA 56(293), 1961): testing each of k challengers at α/k
        // keeps the chance of any false promotion at most α by the union bound, with no assumption on how the comparisons depend
        // on each other (they share the champion's data). Each per-challenger test is itself always valid, so the union bound
        // holds at every look as well.
        var alpha = policy.CorrectForMultipleChallengers ? policy.Alpha / request.ChallengerCount : policy.Alpha;
        using var activity = Source.StartActivity("ModelOps.Routing.Evaluate");
        var now = _time.GetUtcNow();
        var tau2 = policy.ResolveMixingVariance(metric);
        var guardrails = await CheckGuardrailsAsync(request, cancellationToken).ConfigureAwait(false);
        var srm = request.ExpectedWeights is { } weights && request.ObservedCounts is { } counts
            ? SampleRatioMismatchTest.Evaluate(counts, weights, policy.SampleRatioMismatchThreshold)
            : null;
        var previous = request.PreviousState ?? SequentialTestState.Initial;

        (DecisionKind, DecisionRule) Decide(out SequentialTestUpdate? update)
        {
            update = null;
            if (guardrails.Any(static g => g.Breached))
            {
                return (DecisionKind.Rollback, DecisionRule.GuardrailBreached);
            }

            if (srm is { IsMismatch: true })
            {
                return (DecisionKind.Continue, DecisionRule.SampleRatioMismatch);
            }

            if (now - request.StartedAt < policy.MinimumDuration)
            {
                return (DecisionKind.Continue, DecisionRule.MinimumDuration);
            }

            if (champion.Outcomes < policy.MinimumSamplesPerArm || challenger.Outcomes < policy.MinimumSamplesPerArm)
            {
                return (DecisionKind.Continue, DecisionRule.MinimumSamples);
            }

            update = MixtureSequentialTest.Update(previous, champion.PrimaryOutcome, challenger.PrimaryOutcome, metric == QualityMetricKind.BinaryClassification, tau2, alpha);
            var (effect, lower, upper) = Orient(update.Estimate, update.State, champion.HigherIsBetter);
            if (lower > 0 && effect >= policy.MinimumEffect)
            {
                return (DecisionKind.Promote, DecisionRule.ChallengerBetter);
            }

            if (upper < 0)
            {
                return (DecisionKind.Abandon, DecisionRule.ChallengerWorse);
            }

            if (policy.MinimumEffect > 0 && upper < policy.MinimumEffect)
            {
                return (DecisionKind.Abandon, DecisionRule.MinimumEffectUnreachable);
            }

            if (policy.MaximumSamplesPerArm is { } max && champion.Outcomes >= max && challenger.Outcomes >= max)
            {
                return (DecisionKind.Abandon, DecisionRule.MaximumSamplesReached);
            }

            return (DecisionKind.Continue, DecisionRule.NoDifferenceYet);
        }

        var (kind, rule) = Decide(out var result);
        var state = result?.State ?? previous;
        var (effectEstimate, confidenceLower, confidenceUpper) = Orient(result?.Estimate ?? (challenger.PrimaryOutcome.Mean - champion.PrimaryOutcome.Mean), state, champion.HigherIsBetter);
        var evidence = new DecisionEvidence
        {
            ModelName = request.ModelName,
            ExperimentName = request.ExperimentName,
            ChampionArm = champion.Arm,
            ChampionVersion = champion.Version,
            ChallengerArm = challenger.Arm,
            ChallengerVersion = challenger.Version,
            Metric = metric,
            ChampionMean = champion.PrimaryOutcome.Mean,
            ChallengerMean = challenger.PrimaryOutcome.Mean,
            EffectEstimate = effectEstimate,
            ConfidenceLower = confidenceLower,
            ConfidenceUpper = confidenceUpper,
            AlwaysValidPValue = state.PValue,
            ChampionSamples = champion.Outcomes,
            ChallengerSamples = challenger.Outcomes,
            Alpha = alpha,
            FamilyAlpha = policy.Alpha,
            ChallengerCount = request.ChallengerCount,
            MixingVariance = tau2,
            SampleRatio = srm,
            Guardrails = guardrails,
            EvaluatedAt = now,
            StartedAt = request.StartedAt,
        };
        if (activity is not null)
        {
            activity.SetTag("modelops.model", request.ModelName);
            activity.SetTag("modelops.experiment", request.ExperimentName);
            activity.SetTag("modelops.arm", challenger.Arm);
            activity.SetTag("modelops.decision", kind.ToString());
            activity.SetTag("modelops.decision.rule", rule.ToString());
            activity.SetTag("modelops.decision.effect", effectEstimate.ToString("G6", CultureInfo.InvariantCulture));
            activity.SetTag("modelops.decision.p_value", state.PValue.ToString("G6", CultureInfo.InvariantCulture));
            activity.SetTag("modelops.decision.alpha", alpha.ToString("G6", CultureInfo.InvariantCulture));
        }

        return new ExperimentDecision(kind, rule, evidence, state);
    }

    // The test works on challenger - champion; the evidence says "positive = challenger better".
    private static (double Effect, double Lower, double Upper) Orient(double estimate, SequentialTestState state, bool higherIsBetter) =>
        higherIsBetter ? (estimate, state.LowerBound, state.UpperBound) : (-estimate, -state.UpperBound, -state.LowerBound);

    private async ValueTask<IReadOnlyList<GuardrailSignal>> CheckGuardrailsAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var policy = request.Policy;
        var champion = request.Champion;
        var challenger = request.Challenger;
        var signals = new List<GuardrailSignal>();
        var arm = challenger.Arm;
        if (champion.Calls >= policy.GuardrailMinimumCalls && challenger.Calls >= policy.GuardrailMinimumCalls)
        {
            var rate = challenger.ErrorRate;
            if (policy.MaximumErrorRate is { } maxRate)
            {
                signals.Add(new GuardrailSignal("error-rate", arm, rate > maxRate, Invariant($"error rate {rate:P2} against a limit of {maxRate:P2} ({challenger.Errors} of {challenger.Calls} calls)")));
            }

            if (policy.MaximumErrorRateIncrease is { } maxIncrease)
            {
                var increase = rate - champion.ErrorRate;
                signals.Add(new GuardrailSignal("error-rate-increase", arm, increase > maxIncrease, Invariant($"error rate {rate:P2} vs champion {champion.ErrorRate:P2}, increase limit {maxIncrease:P2}")));
            }

            var p95 = challenger.Latency.P95;
            if (policy.MaximumP95Latency is { } maxLatency)
            {
                signals.Add(new GuardrailSignal("p95-latency", arm, p95 > maxLatency, Invariant($"p95 latency {p95.TotalMilliseconds:F3} ms against a limit of {maxLatency.TotalMilliseconds:F3} ms")));
            }

            if (policy.MaximumP95LatencyRatio is { } maxRatio)
            {
                var championP95 = champion.Latency.P95;
                // Latencies are read within 1%, so a ratio is only flagged beyond that error.
                var breached = championP95 > TimeSpan.Zero && p95.Ticks > championP95.Ticks * maxRatio * (1 + (2 * LatencyDistribution.RelativeAccuracy));
                signals.Add(new GuardrailSignal("p95-latency-ratio", arm, breached, Invariant($"p95 latency {p95.TotalMilliseconds:F3} ms vs champion {championP95.TotalMilliseconds:F3} ms, ratio limit {maxRatio:G3}")));
            }
        }

        if (challenger.Version is { } version)
        {
            signals.AddRange(await ReadSignalsAsync(_signalSources, request.ModelName, arm, version, cancellationToken).ConfigureAwait(false));
        }

        return signals;
    }

    /// <summary>Reads every source's signals for an arm's version, each as a breached guardrail.</summary>
    internal static async ValueTask<IReadOnlyList<GuardrailSignal>> ReadSignalsAsync(
        IModelSignalSource[] sources, string modelName, string arm, int version, CancellationToken cancellationToken)
    {
        var breached = new List<GuardrailSignal>();
        foreach (var source in sources)
        {
            foreach (var signal in await source.GetSignalsAsync(modelName, version, cancellationToken).ConfigureAwait(false))
            {
                breached.Add(new GuardrailSignal(
                    $"signal:{SignalName(signal.Kind)}",
                    arm,
                    Breached: true,
                    Invariant($"{signal.Severity} {SignalName(signal.Kind)} signal on version {version} raised {signal.RaisedAt:O}: {signal.Detail}")));
            }
        }

        return breached;
    }

    private static string SignalName(ModelSignalKind kind) => kind switch
    {
        ModelSignalKind.Drift => "drift",
        ModelSignalKind.DataQuality => "data-quality",
        ModelSignalKind.Fairness => "fairness",
        ModelSignalKind.ConceptDrift => "concept-drift",
        _ => kind.ToString(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
