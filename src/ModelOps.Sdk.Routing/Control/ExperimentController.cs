using System.Globalization;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Changes a running experiment without redeploying: promote now, abort, freeze, resume and gradual rollback. Each change is
/// stored as a new revision of the experiment's definition in the registry (so every instance follows it, this one at once) and
/// is recorded in the model's audit chain with the actor and the reason.
/// </summary>
/// <remarks>Thread-safe. Operations read the latest stored revision and refuse, with <see cref="ExperimentControlException"/>, a
/// change that does not apply to it.</remarks>
public sealed class ExperimentController
{
    // Each attempt follows a revision someone else stored meanwhile; a change that still conflicts after this many is contended
    // beyond reason, and the conflict is surfaced.
    private const int MaxChangeAttempts = 5;

    private readonly ExperimentStore _store;
    private readonly IModelRegistry _registry;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="ExperimentController"/> class.</summary>
    /// <param name="store">The experiment store.</param>
    /// <param name="registry">The registry (alias moves on promotion).</param>
    /// <param name="time">The time source.</param>
    public ExperimentController(ExperimentStore store, IModelRegistry registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _registry = registry;
        _time = time;
    }

    /// <summary>
    /// Promotes a challenger now: moves the champion's alias to the version serving the challenger, only if the alias still points
    /// where it did when read (so a concurrent move wins and this one fails cleanly), then concludes the experiment.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="challengerArm">The challenger arm to promote.</param>
    /// <param name="reason">Why; recorded in the audit log with the alias move and the new revision.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The champion alias after the move.</returns>
    /// <exception cref="ExperimentControlException">The arm is not a challenger, or the champion is a pinned version (no alias to move).</exception>
    /// <exception cref="ConcurrencyConflictException">The champion alias moved meanwhile; nothing was changed.</exception>
    public async Task<ModelAlias> PromoteNowAsync(string modelName, string experimentName, string challengerArm, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var definition = await LoadAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false);
        var arm = definition.Challengers.FirstOrDefault(c => c.Name == challengerArm)
            ?? throw new ExperimentControlException(modelName, experimentName, "promote", $"it has no challenger arm '{challengerArm}' (arms: {string.Join(", ", definition.Challengers.Select(c => c.Name))})");
        var championAlias = definition.Champion.Alias
            ?? throw new ExperimentControlException(modelName, experimentName, "promote", $"its champion is pinned to version {definition.Champion.Version}, so there is no champion alias to move");
        var target = arm.Version ?? (await _registry.ResolveAliasAsync(modelName, arm.Alias!, cancellationToken).ConfigureAwait(false)).Version;
        var current = (await _registry.ResolveAliasAsync(modelName, championAlias, cancellationToken).ConfigureAwait(false)).Version;
        var moved = await _registry.MoveAliasAsync(
            modelName,
            championAlias,
            target,
            current,
            $"experiment '{experimentName}': promote challenger '{challengerArm}' (version {target}): {reason}",
            cancellationToken).ConfigureAwait(false);
        await _store.SaveAsync(definition with { Status = ExperimentStatus.Concluded }, $"promote now: challenger '{challengerArm}' version {target} replaced version {current} as '{championAlias}': {reason}", cancellationToken).ConfigureAwait(false);
        return moved;
    }

    /// <summary>Aborts the experiment: every call goes to the champion and none is enrolled.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new revision.</returns>
    /// <exception cref="ExperimentControlException">The experiment is already concluded or aborted.</exception>
    public Task<ExperimentDefinition> AbortAsync(string modelName, string experimentName, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(modelName, experimentName, "abort", reason, d => d.Status is ExperimentStatus.Running or ExperimentStatus.Frozen
            ? d with { Status = ExperimentStatus.Aborted }
            : throw new ExperimentControlException(modelName, experimentName, "abort", $"it is {d.Status}"), cancellationToken);

    /// <summary>Freezes the experiment: traffic keeps its current split and the ramp stops advancing.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new revision.</returns>
    /// <exception cref="ExperimentControlException">The experiment is not running.</exception>
    public Task<ExperimentDefinition> FreezeAsync(string modelName, string experimentName, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(modelName, experimentName, "freeze", reason, d => d.Status == ExperimentStatus.Running
            ? d with { Status = ExperimentStatus.Frozen }
            : throw new ExperimentControlException(modelName, experimentName, "freeze", $"it is {d.Status}, not Running"), cancellationToken);

    /// <summary>Resumes a frozen or aborted experiment at the ramp step where it stopped; the step's clock restarts now.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new revision.</returns>
    /// <exception cref="ExperimentControlException">The experiment is running or concluded.</exception>
    public Task<ExperimentDefinition> ResumeAsync(string modelName, string experimentName, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(modelName, experimentName, "resume", reason, d => d.Status is ExperimentStatus.Frozen or ExperimentStatus.Aborted
            ? d with { Status = ExperimentStatus.Running, RampStepStartedAt = _time.GetUtcNow() }
            : throw new ExperimentControlException(modelName, experimentName, "resume", $"it is {d.Status}; only a frozen or aborted experiment resumes"), cancellationToken);

    /// <summary>
    /// Rolls the challengers back gradually: caps their total share at <paramref name="challengerShare"/>, which must be below what
    /// they receive now. Entities leave the challengers from the end of each challenger's region, so repeated steps (for example
    /// 10% → 5% → 1% → 0%) move the fewest entities. The ramp stops advancing (the experiment is frozen).
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="challengerShare">The new cap on the challengers' total share, in [0, current share).</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new revision.</returns>
    /// <exception cref="ExperimentControlException">The share is not below the current one, or the experiment is not a running or frozen split.</exception>
    public Task<ExperimentDefinition> RollBackGraduallyAsync(string modelName, string experimentName, double challengerShare, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(modelName, experimentName, $"roll back to challenger share {challengerShare.ToString(CultureInfo.InvariantCulture)}", reason, d =>
        {
            var current = 1 - d.CurrentShares()[0];
            if (d.Mode != ExperimentMode.Split || d.Status is not (ExperimentStatus.Running or ExperimentStatus.Frozen))
            {
                throw new ExperimentControlException(modelName, experimentName, "roll back", $"it is a {d.Status} {d.Mode} experiment; only a running or frozen split has live challenger traffic");
            }

            if (!double.IsFinite(challengerShare) || challengerShare < 0 || challengerShare >= current)
            {
                throw new ExperimentControlException(modelName, experimentName, "roll back", $"the challenger share {challengerShare.ToString(CultureInfo.InvariantCulture)} is not in [0, {current.ToString(CultureInfo.InvariantCulture)}), the share they receive now");
            }

            return d with { ChallengerShareLimit = challengerShare, Status = ExperimentStatus.Frozen };
        }, cancellationToken);

    private async Task<ExperimentDefinition> ChangeAsync(string modelName, string experimentName, string operation, string reason, Func<ExperimentDefinition, ExperimentDefinition> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);

        // Each change is decided on the latest revision and stored only if that is still the latest, so an abort that two
        // instances make at once is stored once: the second decides again on the revision the first stored, and its change
        // refuses there (the experiment is already aborted).
        for (var attempt = 1; ; attempt++)
        {
            var current = await _store.LoadLatestAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false)
                ?? throw new ExperimentNotFoundException(modelName, experimentName);
            var definition = change(current.Definition);
            try
            {
                await _store.SaveIfCurrentAsync(current, definition, $"{operation}: {reason}", cancellationToken).ConfigureAwait(false);
                return definition;
            }
            catch (DocumentRevisionConflictException) when (attempt < MaxChangeAttempts)
            {
            }
        }
    }

    private async Task<ExperimentDefinition> LoadAsync(string modelName, string experimentName, CancellationToken cancellationToken) =>
        await _store.LoadAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false)
        ?? throw new ExperimentNotFoundException(modelName, experimentName);
}
