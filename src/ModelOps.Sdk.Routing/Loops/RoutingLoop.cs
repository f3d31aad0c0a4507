using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>
/// A routing loop: runs once at start, then every interval by the injected <see cref="TimeProvider"/>, one run at a time.
/// </summary>
/// <remarks>
/// A stop lets the run in progress finish (each decision is one conditional registry write, so it is taken whole or not at all) and
/// starts no new decision; only the stop's own token, cancelled when the host's shutdown time is up, abandons the run.
/// </remarks>
internal abstract partial class RoutingLoop : IModelOpsLoop, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly object _gate = new();
    private Task? _loop;
    private Task? _stop;
    private volatile ModelOpsLoopStatus _status = ModelOpsLoopStatus.NotStarted;

    protected RoutingLoop(string name, bool enabled, TimeSpan interval, TimeProvider time, ILogger? logger)
    {
        Name = name;
        Enabled = enabled;
        Interval = interval;
        _time = time;
        Logger = logger ?? NullLogger.Instance;
    }

    public string Name { get; }

    public ModelOpsLoopStatus Status => _status;

    /// <summary>Gets whether the loop runs; a disabled loop does nothing at start and reports that it never ran.</summary>
    public bool Enabled { get; }

    protected TimeSpan Interval { get; }

    /// <summary>Gets the current time of the injected clock.</summary>
    protected DateTimeOffset Now => _time.GetUtcNow();

    protected ILogger Logger { get; }

    /// <summary>Gets a token cancelled when the loop is asked to stop: a run checks it before each new decision.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var firstRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_loop is not null || _stop is not null || !Enabled)
            {
                return Task.CompletedTask;
            }

            _loop = Task.Run(() => LoopAsync(firstRun), CancellationToken.None);
        }

        return firstRun.Task.WaitAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task stop;
        lock (_gate)
        {
            if (_stop is null)
            {
                _stopping.Cancel();
                _stop = StopOnceAsync(_loop);
            }

            stop = _stop;
        }

        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abandon))
        {
            await stop.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _abandon.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One run over the experiments.</summary>
    /// <param name="cancellationToken">Cancelled only when the work must be abandoned.</param>
    /// <returns>A task that completes when the run has finished.</returns>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Work that must not be lost at stop (a last statistics snapshot); runs once, after the last run.</summary>
    /// <param name="cancellationToken">Cancelled when the host's shutdown time is up.</param>
    /// <returns>A task that completes when the work is done.</returns>
    protected virtual Task OnStoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task StopOnceAsync(Task? loop)
    {
        await Task.Yield();
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        if (loop is not null)
        {
            try
            {
                await OnStoppedAsync(_abandon.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Reported in the status and the log, as a run's failure is.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = ex.Message };
                LogRunFailed(Logger, ex, Name);
            }
        }
    }

    private async Task LoopAsync(TaskCompletionSource firstRun)
    {
        try
        {
            await RunOnceAsync(_abandon.Token).ConfigureAwait(false);
        }
        finally
        {
            firstRun.TrySetResult();
        }

        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync(_abandon.Token).ConfigureAwait(false);
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken).ConfigureAwait(false);
            _status = _status with { LastRunAt = _time.GetUtcNow() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogAbandoned(Logger, Name);
        }
#pragma warning disable CA1031 // A failed run is reported in the status and the log; the loop runs again at the next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = ex.Message };
            LogRunFailed(Logger, ex, Name);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "{Loop} failed; it runs again at its next interval.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Loop} abandoned its run: the host's shutdown time was up.")]
    private static partial void LogAbandoned(ILogger logger, string loop);
}
