using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Routing.Evaluation;

namespace ModelOps.Sdk.Routing.Automation;

/// <summary>
/// Applies evaluation decisions to the registry, when enabled: auto-promote moves the champion alias to a winning challenger,
/// auto-rollback rolls it back after a promoted challenger breaches a guardrail. Both are audited with the evidence, attach the
/// evidence as a document to the version concerned, and raise an event. Thread-safe.
/// </summary>
/// <remarks>
/// <para>A promotion uses <see cref="IModelRegistry.MoveAliasAsync"/> with the expected current version, so it never overwrites a
/// move made meanwhile by a person or another instance: it reports <see cref="AutomationAction.Conflict"/>, raises
/// <see cref="Conflicted"/> and changes nothing.</para>
/// <para>A rollback uses <see cref="IModelRegistry.RollbackAliasIfCurrentAsync"/>: the
/// registry's rollback chain, on the condition, checked atomically with the change, that the alias still points to the promoted
/// version. If it was moved since, the rollback is reported as a conflict (and <see cref="Conflicted"/> raised) instead of undoing
/// the move.</para>
/// <para>A conflict whose change was already made (the alias is at the promotion's target, or its last change is an automatic rollback
/// from the promoted version), as when several instances of a service take the same decision, is logged at Information; any other
/// conflict at Warning.</para>
/// <para>Evidence documents have kind <see cref="DocumentKinds.PromotionEvidence"/> or <see cref="DocumentKinds.RollbackEvidence"/> and the
/// experiment's name. Event handlers run after the change is committed; an exception from a handler is logged and does not undo it.</para>
/// </remarks>
public sealed partial class ChampionChallengerAutomation
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    private readonly IModelRegistry _registry;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="ChampionChallengerAutomation"/> class.</summary>
    /// <param name="registry">The registry whose alias is moved.</param>
    /// <param name="logger">A logger, or <see langword="null"/>.</param>
    public ChampionChallengerAutomation(IModelRegistry registry, ILogger<ChampionChallengerAutomation>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised after an automatic promotion.</summary>
    public event EventHandler<ChampionPromotedEventArgs>? Promoted;

    /// <summary>Raised after an automatic rollback.</summary>
    public event EventHandler<ChampionRolledBackEventArgs>? RolledBack;

    /// <summary>Raised when an automatic change lost to a move made meanwhile, and changed nothing.</summary>
    public event EventHandler<AutomationConflictEventArgs>? Conflicted;

    /// <summary>Applies a decision: promotes or rolls back when the decision asks for it and the request enables it.</summary>
    /// <param name="request">The model, alias, expected version and which automations are enabled.</param>
    /// <param name="decision">The evaluation's decision.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was done. A conflict or an unavailable rollback is reported here, not thrown.</returns>
    /// <exception cref="ArgumentException">The decision's evidence has no challenger version (or, for a promotion, no champion version and no expected version was given).</exception>
    public async Task<AutomationOutcome> ApplyAsync(AutomationRequest request, ExperimentDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Kind switch
        {
            DecisionKind.Promote when request.AutoPromote => await PromoteAsync(request, decision, cancellationToken).ConfigureAwait(false),
            DecisionKind.Rollback when request.AutoRollback && request.ChallengerWasPromoted => await RollBackAsync(request, decision, cancellationToken).ConfigureAwait(false),
            DecisionKind.Rollback when !request.ChallengerWasPromoted => new AutomationOutcome(AutomationAction.None, null, null, $"Guardrail breached by '{decision.Evidence.ChallengerArm}', which was not promoted: stop its traffic (abort the experiment); the champion alias is unchanged."),
            DecisionKind.Promote or DecisionKind.Rollback => new AutomationOutcome(AutomationAction.None, null, null, $"{decision.Kind} is due but its automation is not enabled: {decision.Summary}"),
            _ => new AutomationOutcome(AutomationAction.None, null, null, $"{decision.Kind} ({decision.Rule}) needs no alias change."),
        };
    }

    private async Task<AutomationOutcome> PromoteAsync(AutomationRequest request, ExperimentDecision decision, CancellationToken cancellationToken)
    {
        var evidence = decision.Evidence;
        var target = evidence.ChallengerVersion ?? throw new ArgumentException("The decision's evidence names no challenger version to promote.", nameof(decision));
        var expected = request.ExpectedCurrentVersion ?? evidence.ChampionVersion
            ?? throw new ArgumentException("Give AutomationRequest.ExpectedCurrentVersion: the decision's evidence names no champion version.", nameof(request));
        ModelAlias alias;
        try
        {
            alias = await _registry.MoveAliasAsync(request.ModelName, request.ChampionAlias, target, expected, "Auto-promote: " + decision.Summary, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return await ReportConflictAsync(request, decision, expected, conflict.ActualVersion, "promotion", conflict.ActualVersion == target, cancellationToken).ConfigureAwait(false);
        }

        var document = await AttachEvidenceAsync(request.ModelName, target, DocumentKinds.PromotionEvidence, decision, "Evidence of the automatic promotion", cancellationToken).ConfigureAwait(false);
        Log.Promoted(_logger, request.ModelName, request.ChampionAlias, expected, target, decision.Summary);
        Raise(Promoted, new ChampionPromotedEventArgs(alias, expected, decision, document));
        return new AutomationOutcome(AutomationAction.Promoted, alias, document, string.Create(CultureInfo.InvariantCulture, $"Moved '{request.ChampionAlias}' from version {expected} to {target}."));
    }

    private async Task<AutomationOutcome> RollBackAsync(AutomationRequest request, ExperimentDecision decision, CancellationToken cancellationToken)
    {
        var promoted = request.ExpectedCurrentVersion ?? decision.Evidence.ChallengerVersion
            ?? throw new ArgumentException("The decision's evidence names no challenger version to roll back from.", nameof(decision));
        // Conditioned on the alias still pointing to the promoted version, checked atomically by the registry: a manual move made
        // since the promotion wins, and the rollback is reported as a conflict instead of undoing it.
        ModelAlias alias;
        try
        {
            alias = await _registry.RollbackAliasIfCurrentAsync(request.ModelName, request.ChampionAlias, promoted, "Auto-rollback: " + decision.Summary, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException conflict)
        {
            var history = await _registry.GetAliasHistoryAsync(request.ModelName, request.ChampionAlias, cancellationToken).ConfigureAwait(false);
            var rolledBack = history.Count > 0 && history[^1].PreviousVersion == promoted && history[^1].Version == conflict.ActualVersion
                && history[^1].Reason?.StartsWith("Auto-rollback: ", StringComparison.Ordinal) == true;
            return await ReportConflictAsync(request, decision, promoted, conflict.ActualVersion, "rollback", rolledBack, cancellationToken).ConfigureAwait(false);
        }
        catch (RollbackUnavailableException ex)
        {
            Log.RollbackUnavailable(_logger, request.ModelName, request.ChampionAlias, promoted);
            var current = await _registry.ResolveAliasAsync(request.ModelName, request.ChampionAlias, cancellationToken).ConfigureAwait(false);
            return new AutomationOutcome(AutomationAction.RollbackUnavailable, current, null, ex.Message);
        }

        var document = await AttachEvidenceAsync(request.ModelName, promoted, DocumentKinds.RollbackEvidence, decision, "Evidence of the automatic rollback", cancellationToken).ConfigureAwait(false);
        Log.RolledBack(_logger, request.ModelName, request.ChampionAlias, promoted, alias.Version, decision.Summary);
        Raise(RolledBack, new ChampionRolledBackEventArgs(alias, promoted, decision, document));
        return new AutomationOutcome(AutomationAction.RolledBack, alias, document, string.Create(CultureInfo.InvariantCulture, $"Rolled '{request.ChampionAlias}' back from version {promoted} to {alias.Version}."));
    }

    private async Task<AutomationOutcome> ReportConflictAsync(AutomationRequest request, ExperimentDecision decision, int expected, int? actual, string what, bool alreadyApplied, CancellationToken cancellationToken)
    {
        ModelAlias? found = null;
        try
        {
            found = await _registry.ResolveAliasAsync(request.ModelName, request.ChampionAlias, cancellationToken).ConfigureAwait(false);
        }
        catch (AliasNotFoundException)
        {
            // Reported below as "not set".
        }

        var actualText = actual?.ToString(CultureInfo.InvariantCulture) ?? "not set";
        if (alreadyApplied)
        {
            // Another instance took the same decision first (a fleet runs the same loops): the change stands once, and this is normal.
            Log.AlreadyApplied(_logger, what, request.ModelName, request.ChampionAlias, actualText);
        }
        else
        {
            Log.Conflict(_logger, what, request.ModelName, request.ChampionAlias, expected, actualText);
        }

        Raise(Conflicted, new AutomationConflictEventArgs(request.ModelName, request.ChampionAlias, expected, actual, decision));
        return new AutomationOutcome(AutomationAction.Conflict, found, null, alreadyApplied
            ? string.Create(CultureInfo.InvariantCulture, $"Automatic {what} skipped: it was already made (by another instance); '{request.ChampionAlias}' is at version {actualText}; nothing was changed.")
            : string.Create(CultureInfo.InvariantCulture, $"Automatic {what} skipped: '{request.ChampionAlias}' was expected at version {expected} but is at {actualText}; nothing was changed."));
    }

    private Task<ModelDocument> AttachEvidenceAsync(string modelName, int version, string kind, ExperimentDecision decision, string reason, CancellationToken cancellationToken) =>
        _registry.AttachDocumentAsync(
            new DocumentAttachment
            {
                ModelName = modelName,
                Version = version,
                Kind = kind,
                Name = decision.Evidence.ExperimentName,
                Content = JsonSerializer.SerializeToUtf8Bytes(new { decision.Kind, decision.Rule, decision.Summary, decision.Evidence, decision.State }, JsonOptions),
                Reason = reason,
            },
            cancellationToken);

    private void Raise<T>(EventHandler<T>? handler, T args)
        where T : EventArgs
    {
        if (handler is null)
        {
            return;
        }

        foreach (var single in handler.GetInvocationList().Cast<EventHandler<T>>())
        {
            try
            {
                single(this, args);
            }
#pragma warning disable CA1031 // A handler's failure must not undo or hide a committed alias change; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(_logger, typeof(T).Name, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Auto-promoted {Model}/{Alias} from version {From} to {To}: {Evidence}")]
        public static partial void Promoted(ILogger logger, string model, string alias, int from, int to, string evidence);

        [LoggerMessage(2, LogLevel.Warning, "Auto-rolled back {Model}/{Alias} from version {From} to {To}: {Evidence}")]
        public static partial void RolledBack(ILogger logger, string model, string alias, int from, int to, string evidence);

        [LoggerMessage(3, LogLevel.Warning, "Automatic {What} of {Model}/{Alias} lost to a concurrent move: expected version {Expected}, found {Actual}; nothing was changed")]
        public static partial void Conflict(ILogger logger, string what, string model, string alias, int expected, string actual);

        [LoggerMessage(6, LogLevel.Information, "Automatic {What} of {Model}/{Alias} was already made, by another instance or an earlier run: the alias is at version {Actual}; nothing was changed")]
        public static partial void AlreadyApplied(ILogger logger, string what, string model, string alias, string actual);

        [LoggerMessage(4, LogLevel.Error, "Automatic rollback of {Model}/{Alias} from version {From} is due but the alias has no earlier target")]
        public static partial void RollbackUnavailable(ILogger logger, string model, string alias, int from);

        [LoggerMessage(5, LogLevel.Error, "A {EventArgs} handler threw; the alias change stands")]
        public static partial void HandlerFailed(ILogger logger, string eventArgs, Exception exception);
    }
}
