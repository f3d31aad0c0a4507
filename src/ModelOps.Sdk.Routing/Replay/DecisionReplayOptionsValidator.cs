using System.Globalization;
using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>Checks <see cref="DecisionReplayOptions"/>, naming each setting by its configuration path.</summary>
internal sealed class DecisionReplayOptionsValidator : IValidateOptions<DecisionReplayOptions>
{
    public ValidateOptionsResult Validate(string? name, DecisionReplayOptions options) =>
        Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    public static List<string> Problems(DecisionReplayOptions options)
    {
        var section = "ModelOps:" + DecisionReplayOptions.SectionName;
        var problems = new List<string>();
        if (!(options.RelativeTolerance is >= 0 and < 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:RelativeTolerance is {options.RelativeTolerance}; it must be at least 0 and below 1 (for example 1e-6)."));
        }

        if (!(options.AbsoluteTolerance >= 0 && double.IsFinite(options.AbsoluteTolerance)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:AbsoluteTolerance is {options.AbsoluteTolerance}; it must be a finite number, 0 or more."));
        }

        return problems;
    }
}
