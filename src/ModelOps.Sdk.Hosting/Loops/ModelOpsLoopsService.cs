using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Hosting.Loops;

/// <summary>
/// Starts every registered <see cref="IModelOpsLoop"/> when the host starts and stops them once every hosted service has stopped
/// (after a web server has drained its requests, so a monitor's last window holds every row).
/// </summary>
/// <remarks>The loops are resolved when the host starts, not when this service is created: the host creates its hosted services
/// before it validates options, and creating a loop creates the registry, whose options would then fail one at a time instead of
/// all together.</remarks>
internal sealed partial class ModelOpsLoopsService(IServiceProvider services, ILogger<ModelOpsLoopsService> logger) : IHostedLifecycleService
{
    private IModelOpsLoop[] _loops = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _loops = [.. services.GetServices<IModelOpsLoop>()];
        foreach (var loop in _loops)
        {
            await loop.StartAsync(cancellationToken).ConfigureAwait(false);
            LogStarted(logger, loop.Name);
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var loop in _loops.Reverse())
        {
            try
            {
                await loop.StopAsync(cancellationToken).ConfigureAwait(false);
                LogStopped(logger, loop.Name);
            }
#pragma warning disable CA1031 // One loop failing to stop must not keep the others from stopping.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogStopFailed(logger, ex, loop.Name);
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Started {Loop}.")]
    private static partial void LogStarted(ILogger logger, string loop);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Stopped {Loop}.")]
    private static partial void LogStopped(ILogger logger, string loop);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "{Loop} failed to stop cleanly.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string loop);
}
