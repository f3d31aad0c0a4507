using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Advances experiments' ramps: a running experiment leaves its ramp step once the step has lasted its
/// <see cref="RampStep.MinimumDuration"/> (by the injected <see cref="TimeProvider"/>) and the challengers have served its
/// <see cref="RampStep.MinimumSamples"/> calls since it started, and only while every <see cref="IRampGuardrail"/> holds.
/// Each advance is a new stored revision, audited with the guardrails' reasons.
/// </summary>
/// <remarks>
/// Call <see cref="TryAdvanceAsync"/> on a schedule (a hosted service, a timer, a job); calling it often is cheap and safe. Growing
/// the challengers' share never moves an entity off a challenger (see <see cref="AssignmentKind.Sticky"/>).
/// </remarks>
public sealed class RampScheduler
{
    private readonly ExperimentStore _store;
    private readonly IExperimentStatisticsSource _statistics;
    private readonly IRampGuardrail[] _guardrails;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="RampScheduler"/> class.</summary>
    /// <param name="store">The experiment store.</param>
    /// <param name="statistics">Where the call counts and guardrail statistics come from.</param>
    /// <param name="guardrails">The guardrails; all must hold.</param>
    /// <param name="time">The time source.</param>
    public RampScheduler(ExperimentStore store, IExperimentStatisticsSource statistics, IEnumerable<IRampGuardrail> guardrails, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(guardrails);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _statistics = statistics;
        _guardrails = guardrails.ToArray();
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
        var definition = await _store.LoadAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false)
            ?? throw new ExperimentNotFoundException(modelName, experimentName);
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

        var context = new RampGuardrailContext(definition, statistics, now);
        var reasons = new List<string>();
        foreach (var guardrail in _guardrails)
        {
            var result = await guardrail.CheckAsync(context, cancellationToken).ConfigureAwait(false);
            if (!result.Holds)
            {
                return new RampAdvance(false, step, $"guardrail breached: {result.Reason}");
            }

            reasons.Add(result.Reason);
        }

        var next = definition with { RampStep = step + 1, RampStepStartedAt = now, RampStepStartSamples = challengerCalls };
        var share = definition.RampSteps[step + 1].ChallengerShare;
        var why = $"ramp step {step} -> {step + 1} (challenger share {share:P1}) after {samples} challenger calls"
            + (reasons.Count > 0 ? $"; guardrails hold: {string.Join("; ", reasons)}" : "; no guardrails registered");
        await _store.SaveAsync(next, why, cancellationToken).ConfigureAwait(false);
        return new RampAdvance(true, step + 1, why);
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
