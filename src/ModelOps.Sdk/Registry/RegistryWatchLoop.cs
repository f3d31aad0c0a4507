using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// The registry's change watching as a background loop (<c>registry:watch</c>): started with the host, it catches the registry up
/// with the store before the host serves, so the first call does not pay for loading the journal (over a store that reads one scope
/// at a time, for finding the store's position and the registry scope; each model is then folded by the first call that uses it)
/// and a store that cannot be read shows at start. The registry then follows other instances' changes by itself (every <see cref="ModelOpsOptions.ChangePollInterval"/>,
/// sooner when the store announces changes) until it is disposed; the loop reports when it last caught up and the store's last error.
/// </summary>
internal sealed partial class RegistryWatchLoop(ModelRegistry registry, TimeProvider time, ILoggerFactory? loggers = null) : IModelOpsLoop
{
    private readonly ILogger _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("ModelOps.Sdk.Registry.RegistryWatch");
    private volatile ModelOpsLoopStatus _started = ModelOpsLoopStatus.NotStarted;

    public string Name => "registry:watch";

    public ModelOpsLoopStatus Status
    {
        get
        {
            var status = _started;
            var now = time.GetUtcNow();
            if (registry.Staleness is { } staleness)
            {
                status = status with { LastRunAt = now - staleness };
            }

            if (registry.Outage is { } outage)
            {
                status = status with
                {
                    LastErrorAt = outage.Since,
                    LastError = outage.LastError?.Message ?? "the metadata store is unreachable",
                    Attention = $"the metadata store is unreachable since {outage.Since:o}: the registry answers from its last known state and writes fail",
                };
            }

            return status;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var sequence = await registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            LogCaughtUp(_logger, sequence);
        }
        catch (StorageUnavailableException ex)
        {
            // The host still starts: the registry keeps trying on its own, and the status shows the outage.
            _started = _started with { LastErrorAt = time.GetUtcNow(), LastError = ex.Message };
            LogStoreUnavailable(_logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "The registry caught up with the store at start (journal sequence {Sequence}); it follows changes from here on.")]
    private static partial void LogCaughtUp(ILogger logger, long sequence);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "The metadata store could not be read at start; the registry keeps trying and answers from what it has.")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
