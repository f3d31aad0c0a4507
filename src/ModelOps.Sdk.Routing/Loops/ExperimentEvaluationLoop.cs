using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>
/// <c>routing:evaluation</c>: every <see cref="RoutingLoopsOptions.EvaluationInterval"/>, evaluates each challenger of each running
/// experiment with <see cref="ChampionChallengerEvaluator"/> (so every registered signal source counts as a guardrail) and acts on
/// the decision: a guardrail breach aborts the experiment, a promotion moves the champion alias through
/// <see cref="ChampionChallengerAutomation"/> and concludes the experiment; and it watches a challenger it promoted, rolling the
/// alias back if a guardrail breaks afterwards.
/// </summary>
/// <remarks>
/// Every action is conditional, so instances of a fleet that take the same decision act once: a promotion moves the alias only from
/// the champion version the evaluation saw, a rollback only from the promoted version, an abort only a running experiment; the
/// instance that comes second finds the change made and logs it at Information.
/// </remarks>
internal sealed partial class ExperimentEvaluationLoop(
    ExperimentCatalog catalog,
    ExperimentStore store,
    ExperimentController controller,
    IExperimentStatisticsSource statistics,
    ChampionChallengerEvaluator evaluator,
    ChampionChallengerAutomation automation,
    IModelRegistry registry,
    IOptions<RoutingLoopsOptions> options,
    TimeProvider time,
    ILogger<ExperimentEvaluationLoop>? logger = null)
    : RoutingLoop("routing:evaluation", options.Value.EvaluationEnabled, options.Value.EvaluationInterval, time, logger)
{
    private readonly RoutingLoopsOptions _options = options.Value;
    private readonly ConcurrentDictionary<(string Model, string Experiment, string Arm), SequentialTestState> _states = new();
    private readonly ConcurrentDictionary<(string Model, string Experiment), DateTimeOffset> _startedAt = new();

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var definition in await catalog.LoadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Stopping.IsCancellationRequested)
            {
                break;
            }

            try
            {
                if (definition.Status == ExperimentStatus.Running && definition.Challengers.Count > 0)
                {
                    await EvaluateRunningAsync(definition, cancellationToken).ConfigureAwait(false);
                }
                else if (definition.Status == ExperimentStatus.Concluded && _options.AutoRollback)
                {
                    await WatchPromotedAsync(definition, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is ModelOpsException or ArgumentException or InvalidOperationException)
            {
                // One experiment's problem (an invalid policy, a missing alias) must not keep the others from being evaluated.
                LogExperimentFailed(Logger, ex, definition.ModelName, definition.Name);
                failures.Add($"{definition.ModelName}/{definition.Name}: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException("Evaluation failed for " + string.Join("; ", failures));
        }
    }

    private async Task EvaluateRunningAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        var merged = await statistics.GetAsync(definition.ModelName, definition.Name, cancellationToken).ConfigureAwait(false);
        var policy = definition.Evaluation ?? new EvaluationPolicy();
        var startedAt = await StartedAtAsync(definition, cancellationToken).ConfigureAwait(false);
        foreach (var arm in definition.Challengers)
        {
            if (Stopping.IsCancellationRequested)
            {
                return;
            }

            var key = (definition.ModelName, definition.Name, arm.Name);
            var request = EvaluationRequest.ForChallenger(definition, merged, arm.Name, policy, startedAt, _states.GetValueOrDefault(key));
            if (request.Challenger.Version is null && await ResolveAsync(definition.ModelName, arm, cancellationToken).ConfigureAwait(false) is { } challengerVersion)
            {
                // No call served yet: the signals about the version the arm would serve still count.
                request = request with { Challenger = request.Challenger with { Version = challengerVersion } };
            }

            if (request.Champion.Version is null && await ResolveAsync(definition.ModelName, definition.Champion, cancellationToken).ConfigureAwait(false) is { } championVersion)
            {
                request = request with { Champion = request.Champion with { Version = championVersion } };
            }

            var decision = await evaluator.EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
            _states[key] = decision.State;
            switch (decision.Kind)
            {
                case DecisionKind.Rollback when _options.AbortOnGuardrailBreach:
                    await AbortAsync(definition, arm, decision, cancellationToken).ConfigureAwait(false);
                    return;
                case DecisionKind.Promote when _options.AutoPromote:
                    await PromoteAsync(definition, arm, decision, cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    LogDecision(Logger, definition.ModelName, definition.Name, arm.Name, decision.Kind, decision.Summary);
                    break;
            }
        }
    }

    private async Task AbortAsync(ExperimentDefinition definition, ArmDefinition arm, ExperimentDecision decision, CancellationToken cancellationToken)
    {
        var reason = $"guardrail breached by challenger '{arm.Name}' (version {decision.Evidence.ChallengerVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}): {decision.Summary}";
        try
        {
            await controller.AbortAsync(definition.ModelName, definition.Name, reason, cancellationToken).ConfigureAwait(false);
            LogAborted(Logger, definition.ModelName, definition.Name, reason);
        }
        catch (ExperimentControlException ex)
        {
            // Another instance (or a person) stopped it first: the decision is already in effect.
            LogAlreadyStopped(Logger, definition.ModelName, definition.Name, ex.Message);
        }
    }

    private async Task PromoteAsync(ExperimentDefinition definition, ArmDefinition arm, ExperimentDecision decision, CancellationToken cancellationToken)
    {
        if (definition.Champion.Alias is not { } championAlias)
        {
            LogCannotPromote(Logger, definition.ModelName, definition.Name, arm.Name, $"its champion is pinned to version {definition.Champion.Version}, so there is no alias to move");
            return;
        }

        if (decision.Evidence.ChampionVersion is null)
        {
            LogCannotPromote(Logger, definition.ModelName, definition.Name, arm.Name, "the evaluation saw no champion version");
            return;
        }

        var outcome = await automation.ApplyAsync(
            new AutomationRequest { ModelName = definition.ModelName, ChampionAlias = championAlias, AutoPromote = true, ExpectedCurrentVersion = decision.Evidence.ChampionVersion },
            decision,
            cancellationToken).ConfigureAwait(false);
        if (outcome.Action == AutomationAction.Promoted)
        {
            await store.SaveAsync(
                definition with { Status = ExperimentStatus.Concluded },
                $"auto-promoted challenger '{arm.Name}' (version {decision.Evidence.ChallengerVersion}): {decision.Summary}",
                cancellationToken).ConfigureAwait(false);
        }

        LogAutomation(Logger, definition.ModelName, definition.Name, outcome.Action, outcome.Message);
    }

    private async Task WatchPromotedAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Champion.Alias is not { } championAlias)
        {
            return;
        }

        ModelAlias current;
        try
        {
            current = await registry.ResolveAliasAsync(definition.ModelName, championAlias, cancellationToken).ConfigureAwait(false);
        }
        catch (AliasNotFoundException)
        {
            return;
        }

        // Watched: the champion's version is one this experiment promoted automatically and that was not rolled back since.
        var documents = await registry.ListDocumentsAsync(definition.ModelName, current.Version, null, cancellationToken).ConfigureAwait(false);
        var promotion = documents.Where(d => d.Kind == DocumentKinds.PromotionEvidence && d.Name == definition.Name).MaxBy(static d => d.Sequence);
        var rollback = documents.Where(d => d.Kind == DocumentKinds.RollbackEvidence && d.Name == definition.Name).MaxBy(static d => d.Sequence);
        if (promotion is null || (rollback is not null && rollback.Sequence > promotion.Sequence))
        {
            return;
        }

        var merged = await statistics.GetAsync(definition.ModelName, definition.Name, cancellationToken).ConfigureAwait(false);
        var arm = definition.Challengers.FirstOrDefault(c => c.Version == current.Version || merged.FindArm(c.Name, current.Version) is not null)
            ?? definition.Challengers[0];
        var policy = definition.Evaluation ?? new EvaluationPolicy();
        var request = EvaluationRequest.ForChallenger(definition, merged, arm.Name, policy, await StartedAtAsync(definition, cancellationToken).ConfigureAwait(false));
        request = request with { Challenger = request.Challenger with { Version = current.Version } };
        var decision = await evaluator.EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
        if (decision.Kind != DecisionKind.Rollback)
        {
            return;
        }

        var outcome = await automation.ApplyAsync(
            new AutomationRequest { ModelName = definition.ModelName, ChampionAlias = championAlias, AutoRollback = true, ChallengerWasPromoted = true, ExpectedCurrentVersion = current.Version },
            decision,
            cancellationToken).ConfigureAwait(false);
        LogAutomation(Logger, definition.ModelName, definition.Name, outcome.Action, outcome.Message);
    }

    private async Task<DateTimeOffset> StartedAtAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        var key = (definition.ModelName, definition.Name);
        if (_startedAt.TryGetValue(key, out var started))
        {
            return started;
        }

        var history = await store.GetHistoryAsync(definition.ModelName, definition.Name, cancellationToken).ConfigureAwait(false);
        // The first revision's start, stamped by the saving instance's TimeProvider (the store's own timestamps may come from another clock).
        started = history.Count > 0 ? history[0].Definition.RampStepStartedAt ?? history[0].Document.AttachedAt : definition.RampStepStartedAt ?? Now;
        return _startedAt.GetOrAdd(key, started);
    }

    private async Task<int?> ResolveAsync(string model, ArmDefinition arm, CancellationToken cancellationToken)
    {
        if (arm.Version is { } pinned)
        {
            return pinned;
        }

        try
        {
            return (await registry.ResolveAliasAsync(model, arm.Alias!, cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (AliasNotFoundException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Debug, Message = "{Model}/{Experiment}, challenger '{Arm}': {Decision}: {Summary}")]
    private static partial void LogDecision(ILogger logger, string model, string experiment, string arm, DecisionKind decision, string summary);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Aborted {Model}/{Experiment}: {Reason}")]
    private static partial void LogAborted(ILogger logger, string model, string experiment, string reason);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "{Model}/{Experiment} was already stopped, by another instance or a person; nothing to do: {Detail}")]
    private static partial void LogAlreadyStopped(ILogger logger, string model, string experiment, string detail);

    [LoggerMessage(EventId = 123, Level = LogLevel.Information, Message = "{Model}/{Experiment}: automation {Action}: {Message}")]
    private static partial void LogAutomation(ILogger logger, string model, string experiment, AutomationAction action, string message);

    [LoggerMessage(EventId = 124, Level = LogLevel.Warning, Message = "{Model}/{Experiment}: challenger '{Arm}' should be promoted but cannot be automatically: {Why}")]
    private static partial void LogCannotPromote(ILogger logger, string model, string experiment, string arm, string why);

    [LoggerMessage(EventId = 125, Level = LogLevel.Error, Message = "Evaluating {Model}/{Experiment} failed; the other experiments are evaluated.")]
    private static partial void LogExperimentFailed(ILogger logger, Exception exception, string model, string experiment);
}
