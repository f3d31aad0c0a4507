using System.Numerics;
using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Routing;

/// <summary>Checks the rules of <see cref="RoutingOptions"/> that data annotations cannot express.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        if (!BitOperations.IsPow2(options.LatencySamplingInterval))
        {
            return ValidateOptionsResult.Fail($"RoutingOptions.LatencySamplingInterval must be a power of two (1, 2, 4, ... 1024); it is {options.LatencySamplingInterval}.");
        }

        return ValidateOptionsResult.Success;
    }
}
