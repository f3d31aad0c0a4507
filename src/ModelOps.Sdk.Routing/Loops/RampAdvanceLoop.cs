using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>
/// <c>routing:ramp</c>: every <see cref="RoutingLoopsOptions.RampInterval"/>, runs <see cref="RampScheduler.TryAdvanceAsync"/> for each
/// running experiment with ramp steps. The scheduler's guardrails (signals such as a drift alert on a challenger, error rate,
/// latency) keep a ramp from advancing.
/// </summary>
internal sealed partial class RampAdvanceLoop(
    ExperimentCatalog catalog, RampScheduler scheduler, IOptions<RoutingLoopsOptions> options, TimeProvider time, ILogger<RampAdvanceLoop>? logger = null)
    : RoutingLoop("routing:ramp", options.Value.RampEnabled, options.Value.RampInterval, time, logger)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var definition in await catalog.LoadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Stopping.IsCancellationRequested)
            {
                return;
            }

            if (definition.Status != ExperimentStatus.Running || definition.RampSteps.Count == 0)
            {
                continue;
            }

            var advance = await scheduler.TryAdvanceAsync(definition.ModelName, definition.Name, cancellationToken).ConfigureAwait(false);
            if (advance.Advanced)
            {
                LogAdvanced(Logger, definition.ModelName, definition.Name, advance.Reason);
            }
            else
            {
                LogHeld(Logger, definition.ModelName, definition.Name, advance.Reason);
            }
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Ramp of {Model}/{Experiment} advanced: {Reason}")]
    private static partial void LogAdvanced(ILogger logger, string model, string experiment, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Ramp of {Model}/{Experiment} held: {Reason}")]
    private static partial void LogHeld(ILogger logger, string model, string experiment, string reason);
}
