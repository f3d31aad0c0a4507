using System.Globalization;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Advances experiments' ramps: a running experiment leaves its ramp step once the step has lasted its
/// <see cref="RampStep.MinimumDuration"/> (by the injected <see cref="TimeProvider"/>) and the challengers have served its
/// <see cref="RampStep.MinimumSamples"/> calls since it started, and only while its guardrails hold: no
/// <see cref="IModelSignalSource"/> registered in dependency injection holds a signal (of any severity) for a challenger's version,
/// and no challenger breaches the error-rate or p95-latency limits of the experiment's policy (its stored
/// <see cref="ExperimentDefinition.Evaluation"/>, else the defaults of <see cref="EvaluationPolicy"/>), as
/// <see cref="ChampionChallengerEvaluator"/> judges them. Each advance is a new stored revision, audited with the guardrails' reasons.
/// </summary>
/// <remarks>
/// Call <see cref="TryAdvanceAsync"/> on a schedule (a hosted service, a timer, a job); calling it often is cheap and safe. Growing
/// the challengers' share never moves an entity off a challenger (see <see cref="AssignmentKind.Sticky"/>). A challenger's version
/// is its pinned version, else the version its statistics were served by, else the version its alias points to now. The
/// sample-ratio check is not applied: arm counts accumulate across ramp steps whose weights differ, so they cannot be tested against
/// the current step's weights.
/// </remarks>
public sealed class RampScheduler
{
    private readonly ExperimentStore _store;
    private readonly IExperimentStatisticsSource _statistics;
    private readonly ChampionChallengerEvaluator _evaluator;
    private readonly IModelSignalSource[] _signalSources;
    private readonly IModelRegistry _registry;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="RampScheduler"/> class.</summary>
    /// <param name="store">The experiment store.</param>
    /// <param name="statistics">Where the call counts and guardrail statistics come from.</param>
    /// <param name="evaluator">The evaluator whose error-rate and latency guardrails must hold.</param>
    /// <param name="signalSources">The sources of signals about the challengers' versions; none may hold one.</param>
    /// <param name="registry">The registry, to resolve the version of a challenger that follows an alias.</param>
    /// <param name="time">The time source.</param>
    public RampScheduler(
        ExperimentStore store,
        IExperimentStatisticsSource statistics,
        ChampionChallengerEvaluator evaluator,
        IEnumerable<IModelSignalSource> signalSources,
        IModelRegistry registry,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(signalSources);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _statistics = statistics;
        _evaluator = evaluator;
        _signalSources = [.. signalSources];
        _registry = registry;
        _time = time;
    }

    /// <summary>Advances an experiment's ramp by one step if its conditions are met and its guardrails hold.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What happened and why.</returns>
    /// <exception cref="ExperimentNotFoundException">The experiment is not stored.</exception>
    public async Task<RampAdvance> TryAdvanceAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
    {
        var revision = await _store.LoadLatestAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false)
            ?? throw new ExperimentNotFoundException(modelName, experimentName);
        var definition = revision.Definition;
        var step = definition.RampStep;
        if (definition.RampSteps.Count == 0)
        {
            return new RampAdvance(false, step, "the experiment has fixed weights, no ramp");
        }

        if (definition.Status != ExperimentStatus.Running)
        {
            return new RampAdvance(false, step, $"the experiment is {definition.Status}");
        }

        if (step >= definition.RampSteps.Count - 1)
        {
            return new RampAdvance(false, step, "the ramp is at its last step");
        }

        var now = _time.GetUtcNow();
        var current = definition.RampSteps[step];
        var statistics = await _statistics.GetAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false);
        var challengerCalls = ChallengerCalls(definition, statistics);
        if (current.MinimumDuration is { } duration && definition.RampStepStartedAt is { } started && now - started < duration)
        {
            return new RampAdvance(false, step, $"step {step} has lasted {now - started}, less than its minimum {duration}");
        }

        var samples = challengerCalls - definition.RampStepStartSamples;
        if (current.MinimumSamples is { } minimum && samples < minimum)
        {
            return new RampAdvance(false, step, $"the challengers served {samples} calls in step {step}, fewer than its minimum {minimum}");
        }

        var (holds, reason) = await CheckGuardrailsAsync(definition, statistics, now, cancellationToken).ConfigureAwait(false);
        if (!holds)
        {
            return new RampAdvance(false, step, $"guardrail breached: {reason}");
        }

        var next = definition with { RampStep = step + 1, RampStepStartedAt = now, RampStepStartSamples = challengerCalls };
        var share = definition.RampSteps[step + 1].ChallengerShare;
        var why = $"ramp step {step} -> {step + 1} (challenger share {share:P1}) after {samples} challenger calls; guardrails hold: {reason}";
        try
        {
            // Conditional on the revision read above, so two instances that took this decision on it advance the ramp once.
            await _store.SaveIfCurrentAsync(revision, next, why, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentRevisionConflictException conflict)
        {
            var now2 = await _store.LoadAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false);
            return new RampAdvance(false, now2?.RampStep ?? step, string.Create(CultureInfo.InvariantCulture,
                $"the experiment changed since revision {conflict.ExpectedRevision} was read (now revision {conflict.ActualRevision}, by another instance or a person); nothing was changed"));
        }

        return new RampAdvance(true, step + 1, why);
    }

    private async Task<(bool Holds, string Reason)> CheckGuardrailsAsync(
        ExperimentDefinition definition, Statistics.ExperimentStatistics statistics, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var champion = statistics.FindArm(definition.Champion.Name);

        // The sequential test is irrelevant here; a policy valid for any metric keeps Validate quiet about the mixing variance.
        var stored = definition.Evaluation ?? new EvaluationPolicy();
        var policy = stored.MixingVariance is null && stored.MinimumEffect <= 0 ? stored with { MixingVariance = 1 } : stored;
        var reasons = new List<string>();
        foreach (var arm in definition.Challengers)
        {
            var challenger = statistics.FindArm(arm.Name);
            var version = arm.Version ?? challenger?.Version ?? await ResolveAsync(definition.ModelName, arm.Alias, cancellationToken).ConfigureAwait(false);
            if (version is { } v)
            {
                var signals = await ChampionChallengerEvaluator.ReadSignalsAsync(_signalSources, definition.ModelName, arm.Name, v, cancellationToken).ConfigureAwait(false);
                if (signals.Count > 0)
                {
                    return (false, $"'{arm.Name}' (version {v}): {string.Join("; ", signals.Select(static s => s.Description))}");
                }
            }

            if (champion is null || challenger is null)
            {
                reasons.Add($"'{arm.Name}': no signal{(version is null ? " (version unknown)" : string.Empty)}, no statistics to judge yet");
                continue;
            }

            var decision = await _evaluator.EvaluateAsync(
                new EvaluationRequest
                {
                    ModelName = definition.ModelName,
                    ExperimentName = definition.Name,
                    Champion = champion,
                    Challenger = challenger,
                    Policy = policy,
                    StartedAt = definition.RampStepStartedAt ?? now,
                },
                cancellationToken).ConfigureAwait(false);
            if (decision.Kind == DecisionKind.Rollback)
            {
                return (false, decision.Summary);
            }

            var checkedGuardrails = decision.Evidence.Guardrails.Select(static g => g.Source).ToArray();
            reasons.Add(checkedGuardrails.Length == 0
                ? $"'{arm.Name}': no signal, too few calls for the guardrails ({challenger.Calls})"
                : $"'{arm.Name}': no signal, {string.Join(", ", checkedGuardrails)} hold");
        }

        return (true, reasons.Count == 0 ? "no challenger" : string.Join("; ", reasons));
    }

    private async Task<int?> ResolveAsync(string modelName, string? alias, CancellationToken cancellationToken)
    {
        if (alias is null)
        {
            return null;
        }

        try
        {
            return (await _registry.ResolveAliasAsync(modelName, alias, cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (AliasNotFoundException)
        {
            return null;
        }
    }

    private static long ChallengerCalls(ExperimentDefinition definition, Statistics.ExperimentStatistics statistics)
    {
        long calls = 0;
        foreach (var arm in statistics.Arms)
        {
            if (arm.Arm != definition.Champion.Name)
            {
                calls += arm.Calls;
            }
        }

        return calls;
    }
}
