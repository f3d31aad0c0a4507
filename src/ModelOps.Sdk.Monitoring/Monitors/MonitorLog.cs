using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>The monitor's log messages.</summary>
internal static partial class MonitorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "A WindowClosed handler failed for window {Sequence}; later windows are still published.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, long sequence);
}
