using ModelOps.Sdk.Routing.Control;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// A ramp guardrail from the evaluation's guardrails: a ramp step advances only while no challenger breaches the error-rate or
/// p95-latency limits of the experiment's policy (its stored <see cref="Experiments.ExperimentDefinition.Evaluation"/>, else the
/// one given here), nor any external signal (<see cref="IGuardrailSignalSource"/>). Registered by <c>AddRouting()</c>. Thread-safe.
/// </summary>
/// <remarks>
/// The sample-ratio check is not applied here: arm counts accumulate across ramp steps whose weights differ, so they cannot be
/// tested against the current step's weights. Evaluate the split with <see cref="ChampionChallengerEvaluator"/> and counts taken
/// within one step.
/// </remarks>
public sealed class EvaluationRampGuardrail : IRampGuardrail
{
    private readonly ChampionChallengerEvaluator _evaluator;
    private readonly EvaluationPolicy _policy;

    /// <summary>Initializes a new instance of the <see cref="EvaluationRampGuardrail"/> class.</summary>
    /// <param name="evaluator">The evaluator whose guardrails (built-in and external) are checked.</param>
    /// <param name="policy">
    /// The guardrail limits for experiments whose definition has no <see cref="Experiments.ExperimentDefinition.Evaluation"/>; the
    /// defaults of <see cref="EvaluationPolicy"/> when <see langword="null"/>.
    /// </param>
    public EvaluationRampGuardrail(ChampionChallengerEvaluator evaluator, EvaluationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        _evaluator = evaluator;
        _policy = policy ?? new EvaluationPolicy();
    }

    /// <inheritdoc/>
    public async ValueTask<RampGuardrailResult> CheckAsync(RampGuardrailContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = context.Definition;
        var champion = context.Statistics.FindArm(definition.Champion.Name);
        if (champion is null)
        {
            return new RampGuardrailResult(true, $"No statistics for the champion arm '{definition.Champion.Name}' yet: nothing to judge.");
        }

        // The sequential test is irrelevant here; a policy valid for any metric keeps Validate quiet about the mixing variance.
        var stored = definition.Evaluation ?? _policy;
        var policy = stored.MixingVariance is null && stored.MinimumEffect <= 0 ? stored with { MixingVariance = 1 } : stored;
        var reasons = new List<string>();
        foreach (var arm in definition.Challengers)
        {
            var challenger = context.Statistics.FindArm(arm.Name);
            if (challenger is null)
            {
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
                    StartedAt = definition.RampStepStartedAt ?? context.Now,
                },
                cancellationToken).ConfigureAwait(false);
            if (decision.Kind == DecisionKind.Rollback)
            {
                return new RampGuardrailResult(false, decision.Summary);
            }

            var checkedGuardrails = decision.Evidence.Guardrails.Select(static g => g.Source).ToArray();
            reasons.Add(checkedGuardrails.Length == 0
                ? $"'{arm.Name}': too few calls for the guardrails ({challenger.Calls})"
                : $"'{arm.Name}': {string.Join(", ", checkedGuardrails)} hold");
        }

        return new RampGuardrailResult(true, reasons.Count == 0 ? "No challenger has statistics yet." : string.Join("; ", reasons));
    }
}
