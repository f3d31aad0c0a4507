using Microsoft.Extensions.Options;
using ModelOps.Sdk.Monitoring.Monitors;

namespace ModelOps.Sdk.Monitoring.DependencyInjection;

/// <summary>Validates <see cref="MonitoringOptions"/> and its nested options, naming each problem with its value.</summary>
internal sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        var failures = new List<string>();
        failures.AddRange(options.Windows.Validate().Select(p => $"ModelOps:Monitoring:Windows: {p}."));
        failures.AddRange(options.Drift.Validate().Select(p => $"ModelOps:Monitoring:Drift: {p}."));
        if (!(options.Quality.AlmostConstantShare is >= 0.5 and <= 1))
        {
            failures.Add($"ModelOps:Monitoring:Quality:AlmostConstantShare is {options.Quality.AlmostConstantShare}; it must be in [0.5, 1] (for example 0.95).");
        }

        if (!(options.Quality.BadRowShareAlert is >= 0 and <= 1))
        {
            failures.Add($"ModelOps:Monitoring:Quality:BadRowShareAlert is {options.Quality.BadRowShareAlert}; it must be in [0, 1] (for example 0.05).");
        }

        if (string.IsNullOrWhiteSpace(options.ReferenceProfileName))
        {
            failures.Add("ModelOps:Monitoring:ReferenceProfileName is empty; use the document name the reference profiles were saved under (default 'default').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
