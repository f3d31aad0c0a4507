using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Hosting.Scoring;

/// <summary>
/// The container-owned scorer that <c>AddScorer</c> registers: it creates the factory's alias-following scorer when the host starts,
/// retries every <see cref="ModelOpsHostingOptions.ScorerLoadRetryInterval"/> while the first version cannot be loaded (the alias may
/// not exist yet), and delegates every call to it once it serves.
/// </summary>
internal sealed partial class HostedScorer<TInput, TOutput> : IModelScorer<TInput, TOutput>, IHostedScorer, IDisposable
    where TInput : class
    where TOutput : class
{
    private readonly IModelScorerFactory _factory;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private volatile IModelScorer<TInput, TOutput>? _inner;
    private volatile ScorerStatus _pending = new(null, null, null, null, null);
    private Task? _loading;
    private int _disposed;

    public HostedScorer(IModelScorerFactory factory, string modelName, string aliasName, TimeProvider time, TimeSpan retryInterval, ILogger logger)
    {
        _factory = factory;
        ModelName = modelName;
        AliasName = aliasName;
        _time = time;
        _retryInterval = retryInterval;
        _logger = logger;
        Name = $"{modelName}@{aliasName}";
    }

    public string Name { get; }

    public string ModelName { get; }

    public string AliasName { get; }

    string? IModelScorer<TInput, TOutput>.AliasName => AliasName;

    public ScorerStatus Status => _inner?.Status ?? _pending;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            _loading ??= Task.Run(LoadAsync, CancellationToken.None);
        }

        return _firstAttempt.Task.WaitAsync(cancellationToken);
    }

    public ScoredPrediction<TOutput> Score(TInput input) => (_inner ?? WaitForFirst()).Score(input);

    public async ValueTask<ScoredPrediction<TOutput>> ScoreAsync(TInput input, CancellationToken cancellationToken = default)
    {
        var inner = _inner ?? await WaitForFirstAsync(cancellationToken).ConfigureAwait(false);
        return await inner.ScoreAsync(input, cancellationToken).ConfigureAwait(false);
    }

    public ServedModel ScoreBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs) => (_inner ?? WaitForFirst()).ScoreBatch(inputs, outputs);

    public async Task<ServedModel> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var inner = _inner ?? await WaitForFirstAsync(cancellationToken).ConfigureAwait(false);
        return await inner.ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task? loading;
        lock (_gate)
        {
            loading = _loading;
        }

        if (loading is not null)
        {
            await loading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // The factory's scorer retires its version: calls still running finish on it, and it is disposed after the last one.
        if (_inner is { } inner)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        _firstAttempt.TrySetResult();
        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private IModelScorer<TInput, TOutput> WaitForFirst()
    {
        StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return _inner ?? throw NotServing();
    }

    private async Task<IModelScorer<TInput, TOutput>> WaitForFirstAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return _inner ?? throw NotServing();
    }

    private ModelLoadException NotServing()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ModelLoadException(ModelName, null, $"The scorer for {Name} serves no version yet: {_pending.LastLoadError ?? "its first load has not finished"}.", null);
    }

    private async Task LoadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var scorer = await _factory.CreateScorerAsync<TInput, TOutput>(ModelName, AliasName, _stop.Token).ConfigureAwait(false);
                _inner = scorer;
                LogServing(_logger, Name, scorer.Status.Serving?.Version);
                _firstAttempt.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (InvalidModelNameException ex)
            {
                // A name that can never load: fail the host's start rather than retry forever.
                _firstAttempt.TrySetException(ex);
                return;
            }
#pragma warning disable CA1031 // Any load failure (missing alias, store down, bad artifact) is retried; the host keeps running, unhealthy.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _pending = new ScorerStatus(null, null, ex.Message, null, _time.GetUtcNow());
                LogLoadFailed(_logger, ex, Name, _retryInterval);
                _firstAttempt.TrySetResult();
            }

            try
            {
                await Task.Delay(_retryInterval, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Scorer {Scorer} serves version {Version}.")]
    private static partial void LogServing(ILogger logger, string scorer, int? version);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Scorer {Scorer} could not load its first version; retrying in {RetryInterval}. It reports unhealthy until a version serves.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string scorer, TimeSpan retryInterval);
}
