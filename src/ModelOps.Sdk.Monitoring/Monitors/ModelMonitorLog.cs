using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>The model monitor's log messages.</summary>
internal static partial class ModelMonitorLog
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Alert observer {Observer} failed for model {ModelName} version {Version}; the other observers still ran.")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string modelName, int version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Window {Sequence} of model {ModelName} version {Version} ({StartedAt:o} to {EndedAt:o}) received no rows; no report is written for it.")]
    public static partial void EmptyWindow(ILogger logger, long sequence, string modelName, int version, DateTimeOffset startedAt, DateTimeOffset endedAt);
}
