using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// The container-owned routed scorer that <c>AddRoutedScorer</c> registers: an <see cref="IModelOpsLoop"/> that creates the
/// factory's routed scorer for the stored experiment when started (with ModelOps.Sdk.Hosting, when the host starts), tries again
/// every <see cref="RoutingOptions.DefinitionRefreshInterval"/> while it cannot (the experiment is not stored yet, an arm does not
/// load), and delegates every call to it once it serves.
/// </summary>
internal sealed partial class HostedRoutedScorer<TInput, TOutput> : IRoutedScorer<TInput, TOutput>, IModelOpsLoop
    where TInput : class
    where TOutput : class
{
    private readonly IRoutedScorerFactory _factory;
    private readonly Func<TOutput, double>? _outputScore;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private volatile IRoutedScorer<TInput, TOutput>? _inner;
    private volatile ModelOpsLoopStatus _status;
    private Task? _loading;
    private int _stopped;

    public HostedRoutedScorer(IRoutedScorerFactory factory, string modelName, string experimentName, Func<TOutput, double>? outputScore, TimeProvider time, TimeSpan retryInterval, ILogger logger)
    {
        _factory = factory;
        ModelName = modelName;
        ExperimentName = experimentName;
        _outputScore = outputScore;
        _time = time;
        _retryInterval = retryInterval;
        _logger = logger;
        Name = $"routed:{modelName}/{experimentName}";
        _status = ModelOpsLoopStatus.NotStarted with { Attention = $"{Name} serves nothing yet" };
    }

    public string Name { get; }

    public string ModelName { get; }

    public string ExperimentName { get; }

    public ModelOpsLoopStatus Status => _status;

    public ExperimentDefinition Definition => Serving().Definition;

    public long ShadowCallsDropped => _inner?.ShadowCallsDropped ?? 0;

    public long ExplanationsFailed => _inner?.ExplanationsFailed ?? 0;

    public long ExplanationsSkipped => _inner?.ExplanationsSkipped ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        lock (_gate)
        {
            _loading ??= Task.Run(LoadAsync, CancellationToken.None);
        }

        return _firstAttempt.Task.WaitAsync(cancellationToken);
    }

    public RoutedPrediction<TOutput> Score(TInput input, string? entityKey = null) => Serving().Score(input, entityKey);

    public ValueTask<RoutedPrediction<TOutput>> ScoreAsync(TInput input, string? entityKey = null, CancellationToken cancellationToken = default) =>
        Serving().ScoreAsync(input, entityKey, cancellationToken);

    public Task<ExperimentDefinition> RefreshAsync(CancellationToken cancellationToken = default) => Serving().RefreshAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
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

        // The routed scorer drains its shadow queue and releases its arms after the calls in flight.
        if (_inner is { } inner)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        _firstAttempt.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    private IRoutedScorer<TInput, TOutput> Serving()
    {
        if (_inner is { } inner)
        {
            return inner;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        throw new ModelLoadException(ModelName, null, $"The routed scorer for experiment '{ExperimentName}' of '{ModelName}' serves nothing yet: {_status.LastError ?? "it has not been started (it starts with the host, or call StartAsync)"}.", null);
    }

    private async Task LoadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _inner = await _factory.CreateAsync<TInput, TOutput>(ModelName, ExperimentName, _outputScore, _stop.Token).ConfigureAwait(false);
                _status = new ModelOpsLoopStatus(_time.GetUtcNow(), _status.LastErrorAt, _status.LastError, null);
                LogServing(_logger, Name);
                _firstAttempt.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure (experiment not stored yet, an arm that does not load) is retried; health shows it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = ex.Message };
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

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "{Scorer} serves.")]
    private static partial void LogServing(ILogger logger, string scorer);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "{Scorer} could not be created; retrying in {RetryInterval}.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string scorer, TimeSpan retryInterval);
}
