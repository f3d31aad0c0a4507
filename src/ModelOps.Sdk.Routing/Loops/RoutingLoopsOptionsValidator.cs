using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>Checks that each entry of <see cref="RoutingLoopsOptions.Experiments"/> names a model and an experiment.</summary>
internal sealed class RoutingLoopsOptionsValidator : IValidateOptions<RoutingLoopsOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingLoopsOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Experiments.Count; i++)
        {
            if (ExperimentKey.TryParse(options.Experiments[i]) is null)
            {
                failures.Add($"Experiments[{i}] is '{options.Experiments[i]}'; write it as model/experiment, for example credit/split.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
