using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Hosting;

/// <summary>The rules of <see cref="ModelOpsHostingOptions"/> that attributes cannot state: the telemetry period must divide a day.</summary>
internal sealed class ModelOpsHostingOptionsValidator : IValidateOptions<ModelOpsHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOpsHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var interval = options.ScorerTelemetryInterval;
        if (interval == TimeSpan.Zero)
        {
            return ValidateOptionsResult.Success;
        }

        return interval < TimeSpan.FromMinutes(1) || interval > TimeSpan.FromDays(1) || TimeSpan.TicksPerDay % interval.Ticks != 0
            ? ValidateOptionsResult.Fail($"ModelOps:Hosting:ScorerTelemetryInterval is {interval}; it must be 00:00:00 (off) or between 00:01:00 and 1.00:00:00 and divide a day (for example 00:15:00, 01:00:00, 1.00:00:00), so that every instance's periods align.")
            : ValidateOptionsResult.Success;
    }
}
