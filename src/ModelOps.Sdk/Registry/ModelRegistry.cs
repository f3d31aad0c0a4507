using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Aliases;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// The model registry over an <see cref="IModelMetadataStore"/> and an <see cref="IArtifactStore"/>.
/// </summary>
/// <remarks>
/// Writes go through <c>CommitAsync</c>: bring the replica up to date, decide on the current state, append one
/// hash-chained entry with the scope's length as the expected length, and retry on a conflict (another process wrote first).
/// A per-scope semaphore serializes writers in this process, so conflicts (and retries) only arise between processes.
/// </remarks>
internal sealed partial class ModelRegistry : IModelRegistry, IAsyncDisposable, IDisposable
{
    private const int MaxCommitAttempts = 64;

    private readonly IModelMetadataStore _metadata;
    private readonly IJournalClock? _clock;
    private readonly IJournalScopeReader? _scopeReader;
    private readonly IDisposable? _changeSubscription;
    private readonly IArtifactStore _artifacts;
    private readonly ModelOpsOptions _options;
    private readonly TimeProvider _time;
    private readonly IActorAccessor _actorAccessor;
    private readonly IAuditSigner? _signer;
    private readonly IAuditAnchorSink? _anchorSink;
    private readonly ILogger _logger;
    private readonly RegistryReplica _replica;
    private readonly FlavorCatalog _flavors;
    private readonly IRegistryOperationGuard[] _guards;
    private readonly bool _ungoverned;
    private readonly AliasWatchHub _watchHub = new();
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _scopeLocks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _pollerGate = new();
    private readonly Lock _catchUpGate = new();
    private readonly long _pollIntervalTicks;
    private Task? _poller;
    private Task _catchUp = Task.CompletedTask;
    private long _catchUpStartedTimestamp;
    private long _lastRefreshTimestamp;
    private StoreOutage? _outage;
    private long _changeGeneration;
    private long _appliedChangeGeneration;
    private TaskCompletionSource _changeSignal = NewChangeSignal();
    private volatile bool _initialized;
    private bool _disposed;

    public ModelRegistry(
        IModelMetadataStore metadata,
        IArtifactStore artifacts,
        IOptions<ModelOpsOptions> options,
        TimeProvider timeProvider,
        IActorAccessor actorAccessor,
        IEnumerable<IAuditSigner> signers,
        FlavorCatalog flavors,
        IEnumerable<IRegistryOperationGuard> guards,
        IEnumerable<IAuditAnchorSink> anchorSinks,
        ILoggerFactory? loggerFactory = null)
    {
        _metadata = metadata;
        _artifacts = artifacts;
        _options = options.Value; // validates the options on first resolution, with or without a host
        _time = timeProvider;
        _actorAccessor = actorAccessor;
        _logger = (ILogger?)loggerFactory?.CreateLogger<ModelRegistry>() ?? NullLogger.Instance;
        _signer = signers.LastOrDefault() ?? HmacAuditSigner.FromOptions(_options);
        _anchorSink = anchorSinks.LastOrDefault() ?? AnchorSinkFromOptions(_options);
        _scopeReader = metadata as IJournalScopeReader;
        _checkpoints = _scopeReader is null ? null : metadata as IScopeCheckpointStore;
        _replica = new RegistryReplica(_logger, _signer, _options.ServeBrokenAuditChains, foldsLazily: _scopeReader is not null);
        _flavors = flavors;
        _guards = guards.ToArray();

        // Without an enforcer of the stored policies, the registry fails closed on what they govern, and marks its other writes.
        _ungoverned = !_guards.Any(g => g is IStoredPolicyEnforcer);
        if (_ungoverned)
        {
            _guards = [new StoredPolicyGuard(), .. _guards];
        }
        _pollIntervalTicks = (long)(_options.ChangePollInterval.TotalSeconds * timeProvider.TimestampFrequency);
        _clock = metadata as IJournalClock;
        _changeSubscription = (metadata as IJournalChangeNotifier)?.Subscribe(OnStoreChanged);
    }

    /// <inheritdoc/>
    public TimeSpan? Staleness => _initialized ? _time.GetElapsedTime(Volatile.Read(ref _lastRefreshTimestamp)) : null;

    /// <inheritdoc/>
    public async ValueTask<long> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IReadOnlyList<AliasChange> changes;
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Read before the store: a change announced from here on is either in this read or marks the replica stale again.
            var generation = Volatile.Read(ref _changeGeneration);
            var batch = new List<JournalEntry>();
            var folded = new List<AliasChange>();
            try
            {
                if (!_initialized && _replica.FoldsLazily)
                {
                    // Nothing is read but the registry scope (stored policies): models are folded when first used, and the journal's
                    // tail from the store's current end keeps the folded ones current.
                    _replica.StartAt(await _metadata.GetLastSequenceAsync(cancellationToken).ConfigureAwait(false));
                    await FoldScopeAsync(AuditScopes.Registry, folded, cancellationToken).ConfigureAwait(false);
                }

                // Scopes watched before they were used are folded before the tail, so their watchers see what follows.
                foreach (var scope in _replica.PendingFolds())
                {
                    await FoldScopeAsync(scope, folded, cancellationToken).ConfigureAwait(false);
                }

                await foreach (var entry in _metadata.ReadAsync(_replica.LastSequence, cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(entry);
                }
            }
            catch (StorageUnavailableException ex)
            {
                RecordOutage(ex);
                throw;
            }

            changes = _replica.Apply(batch);
            if (_checkpoints is not null && batch.Count > 0)
            {
                ScheduleCheckpointsIfDue(batch.Select(e => e.Scope));
            }

            if (folded.Count > 0)
            {
                changes = [.. folded, .. changes];
            }

            Volatile.Write(ref _lastRefreshTimestamp, _time.GetTimestamp());
            if (Interlocked.Exchange(ref _outage, null) is { } ended)
            {
                var lasted = _time.GetElapsedTime(ended.SinceTimestamp);
                LogStoreReachableAgain(_logger, lasted, _replica.LastSequence);
            }

            Volatile.Write(ref _appliedChangeGeneration, generation);
            _initialized = true;
            _watchHub.PublishToStreams(changes);
        }
        finally
        {
            _refreshLock.Release();
        }

        _watchHub.FireTokens(changes);
        return _replica.LastSequence;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _changeSubscription?.Dispose();
        await _disposing.CancelAsync().ConfigureAwait(false);
        Task? poller;
        lock (_pollerGate)
        {
            poller = _poller;
        }

        if (poller is not null)
        {
            await poller.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Task catchUp;
        lock (_catchUpGate)
        {
            catchUp = _catchUp;
        }

        await catchUp.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await WaitForBackgroundAsync().ConfigureAwait(false);

        _watchHub.Dispose();
        _disposing.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// True when the replica was refreshed less than one poll interval ago and the store announced no change since; allocation-free.
    /// </summary>
    private bool IsFresh => _initialized
        && Volatile.Read(ref _appliedChangeGeneration) == Volatile.Read(ref _changeGeneration)
        && _time.GetTimestamp() - Volatile.Read(ref _lastRefreshTimestamp) < _pollIntervalTicks;

    private static TaskCompletionSource NewChangeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Called by an <see cref="IJournalChangeNotifier"/> store when entries may have been committed: the next read catches up first,
    /// and the watchers' poller wakes. Changes this replica already holds (its own writes) are ignored.
    /// </summary>
    private void OnStoreChanged(long sequence)
    {
        if (sequence > 0 && sequence <= _replica.LastSequence)
        {
            return;
        }

        Interlocked.Increment(ref _changeGeneration);
        Volatile.Read(ref _changeSignal).TrySetResult();
    }

    /// <summary>The metadata store is unreachable: the last catch-up failed with <see cref="StorageUnavailableException"/>.</summary>
    internal StoreOutage? Outage => Volatile.Read(ref _outage);

    /// <summary>The scopes whose audit chain failed the replica's checks.</summary>
    internal IReadOnlyList<ChainBreak> ChainBreaks
    {
        get
        {
            lock (_replica.Gate)
            {
                return _replica.Breaks.ToArray();
            }
        }
    }

    /// <summary>
    /// Brings the replica up to date before a read. Reads never fail or wait because the store is unreachable once the replica holds
    /// a state: while the store is known to be down (<see cref="Outage"/>), they answer from memory at once and a catch-up runs in the
    /// background (at most one per poll interval); otherwise they wait for the catch-up at most one poll interval, then answer from
    /// memory while it goes on. Only the very first load, with nothing to serve yet, waits for the store and lets its failure through.
    /// </summary>
    private ValueTask EnsureFreshAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsFresh)
        {
            return default;
        }

        if (!_initialized)
        {
            return RefreshIgnoringResultAsync(cancellationToken);
        }

        if (Volatile.Read(ref _outage) is not null)
        {
            StartCatchUpIfDue();
            return default;
        }

        var catchUp = StartCatchUp();
        return catchUp.IsCompleted ? new ValueTask(catchUp) : AwaitCatchUpAsync(catchUp, cancellationToken);
    }

    /// <summary>
    /// On the alias fast path, when the replica is stale: true (answer from memory) while the store is known to be unreachable, after
    /// starting a background catch-up if one is due. Allocation-free when none is due.
    /// </summary>
    private bool AnswersThroughOutage()
    {
        if (!_initialized || Volatile.Read(ref _outage) is null)
        {
            return false;
        }

        StartCatchUpIfDue();
        return true;
    }

    private void StartCatchUpIfDue()
    {
        if (Volatile.Read(ref _catchUp).IsCompleted && _time.GetTimestamp() - Volatile.Read(ref _catchUpStartedTimestamp) >= _pollIntervalTicks)
        {
            StartCatchUp();
        }
    }

    /// <summary>Starts a catch-up unless one is running, and returns the running one; one at a time, shared by every waiting read.</summary>
    private Task StartCatchUp()
    {
        lock (_catchUpGate)
        {
            if (!_catchUp.IsCompleted)
            {
                return _catchUp;
            }

            Volatile.Write(ref _catchUpStartedTimestamp, _time.GetTimestamp());
            return _catchUp = CatchUpAsync();
        }
    }

    /// <summary>A catch-up for reads: an unreachable store is recorded (by <see cref="RefreshAsync"/>) and not thrown, so reads answer from memory.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            await RefreshAsync(_disposing.Token).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // Recorded in Outage and logged with the staleness; the replica keeps answering.
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_disposed)
        {
        }
    }

    private async ValueTask AwaitCatchUpAsync(Task catchUp, CancellationToken cancellationToken)
    {
        try
        {
            await catchUp.WaitAsync(_options.ChangePollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The store is slow to answer: serve what the replica holds; the catch-up goes on and the next read sees its result.
            var staleness = Staleness ?? TimeSpan.Zero;
            LogCatchUpSlow(_logger, _options.ChangePollInterval, staleness);
        }
    }

    private void RecordOutage(StorageUnavailableException exception)
    {
        var outage = Volatile.Read(ref _outage) ?? new StoreOutage(_time.GetTimestamp(), _time.GetUtcNow());
        Volatile.Write(ref _outage, outage with { LastError = exception });
        if (_initialized)
        {
            var staleness = Staleness ?? TimeSpan.Zero;
            LogStoreUnreachable(_logger, staleness, exception);
        }
    }

    private async ValueTask RefreshIgnoringResultAsync(CancellationToken cancellationToken) =>
        await RefreshAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Brings the replica up to date and folds <paramref name="scope"/> if it is not yet (lazy folding): the read paths that answer
    /// about one model call this instead of <see cref="EnsureFreshAsync"/>.
    /// </summary>
    private ValueTask EnsureScopeAsync(string scope, CancellationToken cancellationToken)
    {
        var fresh = EnsureFreshAsync(cancellationToken);
        return fresh.IsCompletedSuccessfully && _replica.IsFolded(scope) ? default : EnsureScopeSlowAsync(fresh, scope, cancellationToken);
    }

    private async ValueTask EnsureScopeSlowAsync(ValueTask fresh, string scope, CancellationToken cancellationToken)
    {
        await fresh.ConfigureAwait(false);
        await EnsureFoldedAsync(scope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Folds a scope on its first use, from the store's read of that scope alone (<see cref="IJournalScopeReader"/>).</summary>
    private async ValueTask EnsureFoldedAsync(string scope, CancellationToken cancellationToken)
    {
        if (_replica.IsFolded(scope))
        {
            return;
        }

        var changes = new List<AliasChange>();
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Under the refresh lock no tail is being applied, so the fold and the tail never interleave.
            await FoldScopeAsync(scope, changes, cancellationToken).ConfigureAwait(false);
            _watchHub.PublishToStreams(changes);
        }
        finally
        {
            _refreshLock.Release();
        }

        _watchHub.FireTokens(changes);
    }

    /// <summary>Reads one scope and folds it unless it is folded already; call under <see cref="_refreshLock"/>.</summary>
    private async ValueTask FoldScopeAsync(string scope, List<AliasChange> changes, CancellationToken cancellationToken)
    {
        if (_replica.IsFolded(scope))
        {
            return;
        }

        var checkpoint = _checkpoints is null ? CheckpointUse.None : await TryFoldFromCheckpointAsync(scope, changes, cancellationToken).ConfigureAwait(false);
        if (checkpoint == CheckpointUse.Used)
        {
            return;
        }

        var entries = new List<JournalEntry>();
        await foreach (var entry in _scopeReader!.ReadScopeFromAsync(scope, 0, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        if (_replica.Fold(scope, entries) is { } folded)
        {
            CoreInstruments.ScopesFolded.Add(1);
            changes.AddRange(folded);
            LogScopeFolded(_logger, scope, entries.Count);

            // A rejected checkpoint is rewritten at once, whatever the scope's length, so it is not rejected again by every start.
            if (checkpoint == CheckpointUse.Rejected)
            {
                ScheduleCheckpoint(scope);
            }
            else
            {
                ScheduleCheckpointsIfDue([scope]);
            }
        }
    }

    /// <summary>
    /// Builds the registry-wide index (lazy folding) on the first question across models: one pass over the journal that keeps a few
    /// hundred bytes per model (name, chain head, version count, aliases), after which the journal's tail keeps it current.
    /// </summary>
    private async ValueTask EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_replica.HasIndex)
        {
            return;
        }

        const int ChunkSize = 4096;
        var changes = new List<AliasChange>();
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_replica.HasIndex)
            {
                return;
            }

            _replica.BeginIndex();
            var complete = false;
            try
            {
                var chunk = new List<JournalEntry>(ChunkSize);
                await foreach (var entry in _metadata.ReadAsync(0, cancellationToken).ConfigureAwait(false))
                {
                    chunk.Add(entry);
                    if (chunk.Count == ChunkSize)
                    {
                        changes.AddRange(_replica.Apply(chunk));
                        chunk.Clear();
                    }
                }

                changes.AddRange(_replica.Apply(chunk));
                complete = true;
            }
            finally
            {
                _replica.CompleteIndex(complete);
            }

            _watchHub.PublishToStreams(changes);
        }
        finally
        {
            _refreshLock.Release();
        }

        _watchHub.FireTokens(changes);
    }

    private (string Name, IReadOnlyList<string> Roles) CurrentActor()
    {
        var principal = _actorAccessor.Actor;
        var name = principal?.Identity?.Name;
        if (string.IsNullOrEmpty(name))
        {
            name = "anonymous";
        }

        var roles = principal?.Identities
            .SelectMany(i => i.FindAll(i.RoleClaimType).Concat(i.FindAll(ClaimTypes.Role)))
            .Select(c => c.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray() ?? [];
        return (name, roles);
    }

    private JournalPayload NewPayload(string? reason, int? version = null, string? alias = null, JsonElement? before = null, JsonElement? after = null)
    {
        var (actor, roles) = CurrentActor();
        return new JournalPayload
        {
            Actor = actor,
            Roles = roles,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason,
            Version = version,
            Alias = alias,
            Before = before,
            After = after,
        };
    }

    /// <summary>
    /// The single write path: decide on the up-to-date state, append one entry with compare-and-append, retry on conflict.
    /// </summary>
    private Task<TResult> CommitAsync<TResult>(string scope, Func<ModelState?, WriteDecision<TResult>> decide, CancellationToken cancellationToken) =>
        CommitAsync(scope, (state, _) => decide(state), cancellationToken);

    /// <summary>
    /// The single write path, for decisions that depend on the time: <paramref name="decide"/> gets the time the entry will carry.
    /// </summary>
    private async Task<TResult> CommitAsync<TResult>(string scope, Func<ModelState?, DateTimeOffset, WriteDecision<TResult>> decide, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var gate = _scopeLocks.GetOrAdd(scope, static _ => new SemaphoreSlim(1, 1));
        using var activity = CoreInstruments.ActivitySource.StartActivity("modelops.registry.write");
        activity?.SetTag(CoreInstruments.ScopeTag, scope);
        string? operation = null;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                await EnsureFoldedAsync(scope, cancellationToken).ConfigureAwait(false);

                // A store with a shared clock stamps the entry, read after the scope so that its chain's times follow its order.
                var storeTime = _clock is null ? null : await _clock.GetUtcNowAsync(cancellationToken).ConfigureAwait(false);
                WriteDecision<TResult> decision;
                JournalEntry entry;
                JournalEntry[] entries;
                lock (_replica.Gate)
                {
                    var state = _replica.Find(scope);
                    var at = EntryTime(state, storeTime);
                    decision = decide(state, at);
                    if (decision.Kind is null)
                    {
                        return decision.Existing!;
                    }

                    entry = CreateEntry(scope, state, decision.Kind, decision.Payload!, at);
                    entries = decision.Then is { } then ? [entry, CreateEntry(scope, state, then.Kind, then.Payload, at, entry)] : [entry];
                }

                operation = decision.Kind;
                activity?.SetTag(CoreInstruments.OperationTag, operation);

                var result = await _metadata.AppendAsync(scope, entry.Index, entries, cancellationToken).ConfigureAwait(false);
                if (result.IsCommitted)
                {
                    CoreInstruments.RegistryWrites.Add(1, new KeyValuePair<string, object?>(CoreInstruments.OperationTag, operation));
                    await AnchorAsync(result.Entries).ConfigureAwait(false);

                    // The refresh makes the write visible to this instance's readers. The answer is read from the committed entry
                    // itself, not from the replica: the refresh may also bring in later entries that other processes wrote.
                    await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                    return decision.Result!(result.Entries[^1]); // as stored, with its sequence (the contract kit checks it)
                }

                LogCommitConflict(_logger, scope, entry.Index, result.CurrentLength, attempt);
                if (attempt >= MaxCommitAttempts)
                {
                    throw new ModelOpsException(
                        $"Could not commit a change to '{scope}' after {attempt} attempts: other writers keep changing it. Nothing was changed.");
                }
            }
        }
        catch (Exception ex) when (RecordFailedWrite(activity, operation, ex))
        {
            throw; // never reached: the filter records the failure and lets it propagate untouched
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Counts a write that failed before it committed (<c>modelops.registry.writes</c> with <c>error.type</c>); returns <see langword="false"/>.</summary>
    private static bool RecordFailedWrite(Activity? activity, string? operation, Exception error)
    {
        var errorType = error.GetType().FullName;
        CoreInstruments.RegistryWrites.Add(
            1,
            new KeyValuePair<string, object?>(CoreInstruments.OperationTag, operation ?? "unknown"),
            new KeyValuePair<string, object?>(CoreInstruments.ErrorTypeTag, errorType));
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        activity?.SetTag(CoreInstruments.ErrorTypeTag, errorType);
        return false;
    }

    /// <summary>The time of the next entry of a scope: the store's clock if it has one, else this process's.</summary>
    private DateTimeOffset EntryTime(ModelState? state, DateTimeOffset? storeTime)
    {
        var now = (storeTime ?? _time.GetUtcNow()).ToUniversalTime();

        // Keep each chain's timestamps non-decreasing, so point-in-time questions have one answer even if the clock steps back.
        return state is not null && now < state.UpdatedAt ? state.UpdatedAt : now;
    }

    private JournalEntry CreateEntry(string scope, ModelState? state, string kind, JournalPayload payload, DateTimeOffset? storeTime, JournalEntry? after = null)
    {
        var index = after is null ? state?.Length ?? 0 : after.Index + 1;
        var previousHash = after?.Hash ?? state?.HeadHash ?? HashHex.ZeroHash;
        var now = EntryTime(state, storeTime);
        if (after is not null && now < after.Timestamp)
        {
            now = after.Timestamp;
        }

        if (_ungoverned && GovernedByStoredPolicy(scope, state))
        {
            payload = payload.MarkUngoverned();
        }

        var json = JsonSerializer.Serialize(payload, ModelOpsJsonContext.Default.JournalPayload);
        Span<byte> hash = stackalloc byte[32];
        AuditChain.ComputeHash(scope, index, now, kind, json, previousHash, hash);
        string? signature = null;
        string? keyId = null;
        if (_signer is not null)
        {
            signature = Convert.ToBase64String(_signer.Sign(hash));
            keyId = _signer.KeyId;
        }

        return new JournalEntry
        {
            Scope = scope,
            Index = index,
            Timestamp = now,
            Kind = kind,
            Payload = json,
            PreviousHash = previousHash,
            Hash = HashHex.ToHex(hash),
            Signature = signature,
            KeyId = keyId,
        };
    }

    private void EnsurePoller()
    {
        lock (_pollerGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _poller ??= Task.Run(PollAsync);
        }
    }

    private async Task PollAsync()
    {
        var token = _disposing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await WaitForNextPollAsync(token).ConfigureAwait(false);
                await RefreshAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (_disposed)
            {
                return;
            }
            catch (Exception ex)
            {
                // A store that is briefly unreachable must not end watching; the next poll tries again.
                LogPollFailed(_logger, ex);
            }
        }
    }

    /// <summary>Waits one poll interval, or less when the store announces a change (<see cref="IJournalChangeNotifier"/>).</summary>
    private async Task WaitForNextPollAsync(CancellationToken token)
    {
        if (_changeSubscription is null)
        {
            await Task.Delay(_options.ChangePollInterval, _time, token).ConfigureAwait(false);
            return;
        }

        var signal = Volatile.Read(ref _changeSignal);
        if (!signal.Task.IsCompleted)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
            var delay = Task.Delay(_options.ChangePollInterval, _time, wait.Token);
            await Task.WhenAny(delay, signal.Task).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            token.ThrowIfCancellationRequested();
        }

        // Re-arm before reading, so a change announced during the read wakes the next wait at once.
        if (signal.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _changeSignal, NewChangeSignal(), signal);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Folded scope '{Scope}' on first use ({Count} entries).")]
    private static partial void LogScopeFolded(ILogger logger, string scope, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Append to '{Scope}' at index {Index} conflicted (the scope has {Length} entries); retrying, attempt {Attempt}.")]
    private static partial void LogCommitConflict(ILogger logger, string scope, long index, long length, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the metadata store for changes failed; will retry at the next interval.")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metadata store is unreachable; reads are answered from the in-memory replica, last caught up {Staleness} ago, and writes fail until it is back.")]
    private static partial void LogStoreUnreachable(ILogger logger, TimeSpan staleness, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The metadata store is reachable again after {Outage}; the replica caught up to sequence {Sequence}.")]
    private static partial void LogStoreReachableAgain(ILogger logger, TimeSpan outage, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up with the metadata store took longer than {Interval}; answering from the replica, last caught up {Staleness} ago, while it goes on.")]
    private static partial void LogCatchUpSlow(ILogger logger, TimeSpan interval, TimeSpan staleness);

    /// <summary>Since when the store has been unreachable (a timestamp of the registry's <see cref="TimeProvider"/>, and the time), and why.</summary>
    internal sealed record StoreOutage(long SinceTimestamp, DateTimeOffset Since)
    {
        public StorageUnavailableException? LastError { get; init; }
    }

    /// <summary>
    /// What a write decided: nothing to write (with an existing result), or one entry and the result that entry makes, built from the
    /// entry as committed (with its timestamp and sequence) the same way the replica folds it.
    /// </summary>
    private readonly record struct WriteDecision<TResult>(string? Kind, JournalPayload? Payload, TResult? Existing, Func<JournalEntry, TResult>? Result)
    {
        /// <summary>A second entry appended atomically with the first (all or nothing); the result is built from it, the last one.</summary>
        public (string Kind, JournalPayload Payload)? Then { get; init; }

        public static WriteDecision<TResult> Done(TResult existing) => new(null, null, existing, null);

        public static WriteDecision<TResult> Write(string kind, JournalPayload payload, Func<JournalEntry, TResult> result) => new(kind, payload, default, result);
    }
}
