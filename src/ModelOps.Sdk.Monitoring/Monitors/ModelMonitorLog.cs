using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>The model monitor's log messages.</summary>
internal static partial class ModelMonitorLog
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Alert observer {Observer} failed for model {ModelName} version {Version}; the other observers still ran.")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string modelName, int version);
}
