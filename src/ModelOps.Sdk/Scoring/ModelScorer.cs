using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// A scorer that serves one loaded version at a time and swaps versions atomically when its alias moves.
/// </summary>
/// <remarks>
/// The serving version is one reference to a <see cref="ServingGeneration{TInput, TOutput}"/>; a call takes a lease on it by
/// publishing it in its thread's slot (<see cref="ThreadLeaseSlots"/>, no atomic instruction) or, when the thread is already
/// inside a call, with a counted lease, so a swap never blocks a call and an old version is disposed only after its last call. Loads are serialized and happen off the calling path (in the watch loop, or in <see cref="ReloadAsync"/>).
/// </remarks>
internal sealed partial class ModelScorer<TInput, TOutput> : IModelScorer<TInput, TOutput>, IServingLeaseSource
    where TInput : class
    where TOutput : class
{
    private static readonly JsonSerializerOptions ExampleOptions = new(JsonSerializerDefaults.Web);

    private readonly IModelRegistry _registry;
    private readonly FlavorCatalog _flavors;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ScorerTracker _tracker;
    private readonly int? _pinnedVersion;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private ServingGeneration<TInput, TOutput>? _current;
    private volatile ScorerStatus _status = new(null, null, null, null, null);
    private Task? _watchLoop;
    private int _disposed;

    public ModelScorer(IModelRegistry registry, FlavorCatalog flavors, string modelName, string? aliasName, int? pinnedVersion, TimeProvider time, ScorerTracker tracker, ILogger logger)
    {
        _registry = registry;
        _flavors = flavors;
        ModelName = modelName;
        AliasName = aliasName;
        _pinnedVersion = pinnedVersion;
        _time = time;
        _tracker = tracker;
        _logger = logger;
        Name = DescribeName();
    }

    public string ModelName { get; }

    public string? AliasName { get; }

    public ScorerStatus Status => _status;

    private string Name { get; }

    private string DescribeName() => AliasName is null ? $"{ModelName}@v{_pinnedVersion}" : $"{ModelName}@{AliasName}";

    /// <summary>Subscribes to the alias (before resolving it, so no move is missed), loads the first version and starts following.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IAsyncEnumerator<AliasChange>? changes = null;
        if (AliasName is not null)
        {
            changes = _registry.WatchAliasAsync(ModelName, AliasName, _stop.Token).GetAsyncEnumerator(_stop.Token);
        }

        try
        {
            var version = _pinnedVersion ?? (await _registry.ResolveAliasAsync(ModelName, AliasName!, cancellationToken).ConfigureAwait(false)).Version;
            await LoadAndSwapAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (changes is not null)
            {
                await changes.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        _tracker.Add(this, () => (Name, _status));
        if (changes is not null)
        {
            _watchLoop = Task.Run(() => FollowAsync(changes), CancellationToken.None);
        }
    }

    public ScoredPrediction<TOutput> Score(TInput input)
    {
        var slot = ThreadLeaseSlots.Current;
        if (slot.Active is null && TryEnterThroughSlot(slot) is { } generation)
        {
            var started = generation.Calls.Enter(_time, slot);
            try
            {
                return new ScoredPrediction<TOutput>(generation.Predictor.Predict(input), generation.Served);
            }
            catch (Exception ex) when (generation.Calls.Fail(ex))
            {
                throw; // never reached: the filter counts the error and lets it propagate untouched
            }
            finally
            {
                generation.ReleaseSlot(slot);
                if (started != 0)
                {
                    generation.Calls.Exit(_time, started);
                }
            }
        }

        return ScoreCounted(input);
    }

    public ValueTask<ScoredPrediction<TOutput>> ScoreAsync(TInput input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<ScoredPrediction<TOutput>>(Score(input));
    }

    public ServedModel ScoreBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs)
    {
        if (outputs.Length < inputs.Length)
        {
            throw new ArgumentException($"The outputs span holds {outputs.Length} items but there are {inputs.Length} inputs.", nameof(outputs));
        }

        var slot = ThreadLeaseSlots.Current;
        if (slot.Active is null && TryEnterThroughSlot(slot) is { } generation)
        {
            generation.Calls.EnterBatch(inputs.Length, slot);
            try
            {
                generation.Predictor.PredictBatch(inputs, outputs);
                return generation.Served;
            }
            catch (Exception ex) when (generation.Calls.Fail(ex))
            {
                throw; // never reached: the filter counts the error and lets it propagate untouched
            }
            finally
            {
                generation.ReleaseSlot(slot);
            }
        }

        var counted = AcquireCounted();
        counted.Calls.EnterBatch(inputs.Length);
        try
        {
            counted.Predictor.PredictBatch(inputs, outputs);
            return counted.Served;
        }
        catch (Exception ex) when (counted.Calls.Fail(ex))
        {
            throw; // never reached: the filter counts the error and lets it propagate untouched
        }
        finally
        {
            counted.ReleaseCounted();
        }
    }

    public async Task<ServedModel> ReloadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        int version;
        if (_pinnedVersion is { } pinned)
        {
            version = pinned;
        }
        else
        {
            await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            version = (await _registry.ResolveAliasAsync(ModelName, AliasName!, cancellationToken).ConfigureAwait(false)).Version;
        }

        return await LoadAndSwapAsync(version, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watchLoop is not null)
        {
            await _watchLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _tracker.Remove(this);
        Interlocked.Exchange(ref _current, null)?.Retire();
        _stop.Dispose();
    }

    /// <summary>
    /// Publishes the current generation in this thread's empty slot and confirms it is still current (see
    /// <see cref="ThreadLeaseSlots"/>); <see langword="null"/> when there is none, so the caller takes the counted path, which
    /// throws the right exception.
    /// </summary>
    private ServingGeneration<TInput, TOutput>? TryEnterThroughSlot(ThreadLeaseSlots.Slot slot)
    {
        var generation = Volatile.Read(ref _current);
        while (generation is not null)
        {
            Volatile.Write(ref slot.Active, generation);
            var confirmed = Volatile.Read(ref _current);
            if (ReferenceEquals(confirmed, generation))
            {
                return generation;
            }

            // A swap happened between the two reads: do not use the old generation. Back out through ReleaseSlot rather than by
            // overwriting the slot: the swap's drain scan may have seen this slot holding the old generation and left the drain
            // to this thread's release, which must therefore happen (overwriting it here leaked the old version undisposed).
            generation.ReleaseSlot(slot);
            generation = confirmed;
        }

        Volatile.Write(ref slot.Active, null);
        return null;
    }

    private ScoredPrediction<TOutput> ScoreCounted(TInput input)
    {
        var generation = AcquireCounted();
        var started = generation.Calls.Enter(_time);
        try
        {
            return new ScoredPrediction<TOutput>(generation.Predictor.Predict(input), generation.Served);
        }
        catch (Exception ex) when (generation.Calls.Fail(ex))
        {
            throw; // never reached: the filter counts the error and lets it propagate untouched
        }
        finally
        {
            generation.ReleaseCounted();
            if (started != 0)
            {
                generation.Calls.Exit(_time, started);
            }
        }
    }

    /// <summary>
    /// Takes a counted lease on the generation that served <paramref name="served"/> if it is still the current one, so that a
    /// decision can be explained by the loaded version that made it; the caller ends it by disposing it.
    /// <see langword="null"/> when the scorer has moved on.
    /// </summary>
    public IServingLease? TryLeaseServing(ServedModel served)
    {
        var generation = Volatile.Read(ref _current);
        return generation is not null && ReferenceEquals(generation.Served, served) && generation.TryAcquireCounted()
            ? new ServingLease<TInput, TOutput>(generation)
            : null;
    }

    private ServingGeneration<TInput, TOutput> AcquireCounted()
    {
        while (true)
        {
            var generation = Volatile.Read(ref _current);
            if (generation is null)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                throw new ModelLoadException(ModelName, null, $"The scorer for {Name} has no loaded version.", null);
            }

            // Fails only if this generation drained between the read and the lease: the swap already published its successor.
            if (generation.TryAcquireCounted())
            {
                return generation;
            }
        }
    }

    private async Task FollowAsync(IAsyncEnumerator<AliasChange> changes)
    {
        await using (changes.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await changes.MoveNextAsync().ConfigureAwait(false))
                    {
                        return;
                    }

                    if (changes.Current.Version is null)
                    {
                        LogAliasDeleted(_logger, ModelName, AliasName!, Volatile.Read(ref _current)?.Served.Version);
                        continue;
                    }

                    // Several moves may have queued up: load only where the alias points now.
                    var target = (await _registry.ResolveAliasAsync(ModelName, AliasName!, _stop.Token).ConfigureAwait(false)).Version;
                    if (Volatile.Read(ref _current)?.Served.Version == target)
                    {
                        continue;
                    }

                    await LoadAndSwapAsync(target, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is ModelOpsException)
                {
                    // Already logged and recorded in Status; the old version keeps serving and the scorer keeps following.
                }
            }
        }
    }

    private async Task<ServedModel> LoadAndSwapAsync(int version, CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var activity = CoreInstruments.ActivitySource.StartActivity("modelops.scorer.swap");
        activity?.SetTag(CoreInstruments.ModelTag, ModelName);
        activity?.SetTag(CoreInstruments.VersionTag, version);
        if (AliasName is not null)
        {
            activity?.SetTag(CoreInstruments.AliasTag, AliasName);
        }

        try
        {
            var started = _time.GetTimestamp();
            ILoadedModel? loaded = null;
            try
            {
                var record = await _registry.GetVersionAsync(ModelName, version, cancellationToken).ConfigureAwait(false);
                var flavor = _flavors.Find(record.Flavor) ?? throw new FlavorNotRegisteredException(ModelName, version, record.Flavor, _flavors.Names);
                var artifact = await ModelArtifactReader.ReadAsync(_registry, record, cancellationToken).ConfigureAwait(false);
                loaded = await flavor.LoadAsync(artifact, cancellationToken).ConfigureAwait(false);
                var predictor = loaded.CreatePredictor<TInput, TOutput>();
                try
                {
                    SmokeTest(record, predictor);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    CoreInstruments.SmokeFailures.Add(1, CoreInstruments.ScorerTags(ModelName, AliasName, version, ex));
                    throw;
                }

                var served = new ServedModel(ModelName, version, record.Artifact.Sha256, record.Flavor);
                var now = _time.GetUtcNow();
                var series = CoreInstruments.SeriesFor(ModelName, AliasName, version);
                var generation = new ServingGeneration<TInput, TOutput>(loaded, predictor, served, now, series, OnDrained);
                loaded = null;
                var previous = Interlocked.Exchange(ref _current, generation);
                if (Volatile.Read(ref _disposed) != 0)
                {
                    Interlocked.Exchange(ref _current, null)?.Retire();
                }

                previous?.Retire();
                var status = _status;
                _status = status with { Serving = served, ServingSince = now };
                var elapsedMilliseconds = _time.GetElapsedTime(started).TotalMilliseconds;
                LogSwapped(_logger, Name, previous?.Served.Version, version, elapsedMilliseconds);
                CoreInstruments.Swaps.Add(1, CoreInstruments.ScorerTags(ModelName, AliasName, version));
                if (previous is not null)
                {
                    activity?.SetTag("modelops.model.previous_version", previous.Served.Version);
                }

                return served;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (loaded is not null)
                {
                    await DisposeQuietlyAsync(loaded, version).ConfigureAwait(false);
                }

                _status = _status with { LastLoadError = ex.Message, LastFailedVersion = version, LastErrorAt = _time.GetUtcNow() };
                var serving = Volatile.Read(ref _current)?.Served.Version;
                LogLoadFailed(_logger, Name, version, serving, ex);
                CoreInstruments.LoadFailures.Add(1, CoreInstruments.ScorerTags(ModelName, AliasName, version, ex));
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                activity?.SetTag(CoreInstruments.ErrorTypeTag, ex.GetType().FullName);
                if (ex is ModelVersionPurgedException)
                {
                    // A purged version is not a load failure to retry: the caller gets the typed reason as it is.
                    throw;
                }

                throw ex as ModelLoadException ?? new ModelLoadException(
                    ModelName,
                    version,
                    $"Version {version} of model '{ModelName}' could not be loaded for {Name}"
                        + (serving is { } s ? $"; version {s} keeps serving" : string.Empty) + $": {ex.Message}",
                    ex);
            }
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private static void SmokeTest(ModelVersion record, IModelPredictor<TInput, TOutput> predictor)
    {
        if (record.InputExample is not { } json)
        {
            return;
        }

        TInput? example;
        try
        {
            example = JsonSerializer.Deserialize<TInput>(json, ExampleOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelSignatureMismatchException(record.ModelName, record.Version, ex.Path ?? "(input example)",
                $"the registered input example does not read as {typeof(TInput).Name} ({ex.Message})");
        }

        if (example is not null)
        {
            _ = predictor.Predict(example);
        }
    }

    private void OnDrained(ServingGeneration<TInput, TOutput> generation) =>
        _ = DisposeQuietlyAsync(generation.Model, generation.Served.Version);

    private async Task DisposeQuietlyAsync(ILoadedModel model, int version)
    {
        try
        {
            await model.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogDisposeFailed(_logger, Name, version, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scorer {Scorer} now serves version {Version} (was {Previous}); loaded in {Milliseconds:F1} ms.")]
    private static partial void LogSwapped(ILogger logger, string scorer, int? previous, int version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scorer {Scorer} could not load version {Version}; still serving version {Serving}.")]
    private static partial void LogLoadFailed(ILogger logger, string scorer, int version, int? serving, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alias '{Alias}' of model '{Model}' was deleted; the scorer keeps serving version {Serving}.")]
    private static partial void LogAliasDeleted(ILogger logger, string model, string alias, int? serving);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disposing version {Version} of scorer {Scorer} failed.")]
    private static partial void LogDisposeFailed(ILogger logger, string scorer, int version, Exception exception);
}
