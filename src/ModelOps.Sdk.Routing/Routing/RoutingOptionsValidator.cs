using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Predictions;

namespace ModelOps.Sdk.Routing;

/// <summary>Checks the rules of <see cref="RoutingOptions"/> that data annotations cannot express.</summary>
/// <param name="services">What the container can resolve, to check that a prediction log exists when one is needed; without it (a
/// container that does not say) that rule is not checked.</param>
internal sealed class RoutingOptionsValidator(IServiceProviderIsService? services = null) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        if (!BitOperations.IsPow2(options.LatencySamplingInterval))
        {
            return ValidateOptionsResult.Fail($"RoutingOptions.LatencySamplingInterval must be a power of two (1, 2, 4, ... 1024); it is {options.LatencySamplingInterval}.");
        }

        if (options.ExplainEveryDecision && services is not null && !services.IsService(typeof(IPredictionLogSink)))
        {
            return ValidateOptionsResult.Fail(
                "RoutingOptions.ExplainEveryDecision is true but no prediction log is registered, so there is nowhere to write the explanations: " +
                "call builder.AddJsonLinesPredictionLog(...) or register an IPredictionLogSink, or set ExplainEveryDecision to false.");
        }

        return ValidateOptionsResult.Success;
    }
}
