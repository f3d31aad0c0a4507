using System.Buffers;
using System.Globalization;

namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// Checks an <see cref="ExperimentDefinition"/> and lists every problem, each starting with the field it concerns.
/// </summary>
internal static class ExperimentValidator
{
    /// <summary>The longest experiment or arm name: both become part of prediction ids and document names.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest challenger timeout accepted: anything longer is a mistake for in-process scoring.</summary>
    public static readonly TimeSpan MaxChallengerTimeout = TimeSpan.FromMinutes(10);

    private static readonly SearchValues<char> SimpleName =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly SearchValues<char> RegistryName =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    public static List<string> Validate(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<string>();
        CheckSimpleName(errors, "Name", definition.Name);
        CheckRegistryName(errors, "ModelName", definition.ModelName, 128);
        if (string.IsNullOrEmpty(definition.Salt))
        {
            errors.Add("Salt: must not be empty");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        if (definition.Champion is null)
        {
            errors.Add("Champion: is required");
        }
        else
        {
            CheckArm(errors, "Champion", definition.Champion, names);
        }

        if (definition.Challengers is null || definition.Challengers.Count == 0)
        {
            errors.Add("Challengers: at least one challenger is required");
        }
        else
        {
            for (var i = 0; i < definition.Challengers.Count; i++)
            {
                var arm = definition.Challengers[i];
                if (arm is null)
                {
                    errors.Add($"Challengers[{i}]: must not be null");
                    continue;
                }

                CheckArm(errors, $"Challengers[{i}]", arm, names);
            }

            CheckWeights(errors, definition);
        }

        CheckRamp(errors, definition);
        CheckTargeting(errors, definition.Targeting);

        if (!double.IsFinite(definition.ShadowSamplingRate) || definition.ShadowSamplingRate <= 0 || definition.ShadowSamplingRate > 1)
        {
            errors.Add($"ShadowSamplingRate: must be in (0, 1], was {Invariant(definition.ShadowSamplingRate)}");
        }

        if (definition.ChallengerTimeout <= TimeSpan.Zero || definition.ChallengerTimeout > MaxChallengerTimeout)
        {
            errors.Add($"ChallengerTimeout: must be positive and at most {MaxChallengerTimeout}, was {definition.ChallengerTimeout}");
        }

        if (!Enum.IsDefined(definition.Mode))
        {
            errors.Add($"Mode: unknown value {(int)definition.Mode}");
        }

        if (!Enum.IsDefined(definition.Assignment))
        {
            errors.Add($"Assignment: unknown value {(int)definition.Assignment}");
        }

        if (!Enum.IsDefined(definition.Status))
        {
            errors.Add($"Status: unknown value {(int)definition.Status}");
        }

        if (!Enum.IsDefined(definition.Metric))
        {
            errors.Add($"Metric: unknown value {(int)definition.Metric}");
        }

        if (definition.Evaluation is { } evaluation && Enum.IsDefined(definition.Metric))
        {
            foreach (var problem in evaluation.Validate(definition.Metric))
            {
                errors.Add($"Evaluation.{problem}");
            }
        }

        if (definition.RampStepStartSamples < 0)
        {
            errors.Add($"RampStepStartSamples: must not be negative, was {definition.RampStepStartSamples}");
        }

        if (definition.ChallengerShareLimit is { } limit && (!double.IsFinite(limit) || limit < 0 || limit > 1))
        {
            errors.Add($"ChallengerShareLimit: must be in [0, 1], was {Invariant(limit)}");
        }

        return errors;
    }

    private static void CheckArm(List<string> errors, string field, ArmDefinition arm, HashSet<string> names)
    {
        CheckSimpleName(errors, $"{field}.Name", arm.Name);
        if (arm.Name is not null && !names.Add(arm.Name))
        {
            errors.Add($"{field}.Name: '{arm.Name}' is used by another arm; arm names must be unique");
        }

        if ((arm.Alias is null) == (arm.Version is null))
        {
            errors.Add($"{field}: give exactly one of Alias and Version (was {(arm.Alias is null ? "neither" : "both")})");
        }

        if (arm.Alias is not null)
        {
            CheckRegistryName(errors, $"{field}.Alias", arm.Alias, 64);
            if (arm.Alias.Length > 0 && arm.Alias.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
            {
                errors.Add($"{field}.Alias: '{arm.Alias}' is all digits, which would read as a version number");
            }
        }

        if (arm.Version is { } version && version < 1)
        {
            errors.Add($"{field}.Version: must be 1 or more, was {version}");
        }

        if (!double.IsFinite(arm.Weight) || arm.Weight < 0)
        {
            errors.Add($"{field}.Weight: must be finite and not negative, was {Invariant(arm.Weight)}");
        }
    }

    private static void CheckWeights(List<string> errors, ExperimentDefinition definition)
    {
        var challengerTotal = 0.0;
        foreach (var arm in definition.Challengers)
        {
            if (arm is not null && double.IsFinite(arm.Weight) && arm.Weight > 0)
            {
                challengerTotal += arm.Weight;
            }
        }

        if (challengerTotal <= 0)
        {
            errors.Add("Challengers: at least one challenger needs a positive weight");
        }

        if (definition.Mode == ExperimentMode.Split && definition.RampSteps is { Count: 0 } && definition.Champion is { } champion
            && double.IsFinite(champion.Weight) && champion.Weight <= 0)
        {
            errors.Add("Champion.Weight: must be positive with fixed weights, or the champion would receive no traffic");
        }
    }

    private static void CheckRamp(List<string> errors, ExperimentDefinition definition)
    {
        var steps = definition.RampSteps;
        if (steps is null)
        {
            errors.Add("RampSteps: must not be null (use an empty list for fixed weights)");
            return;
        }

        if (steps.Count > 0 && definition.Mode == ExperimentMode.Shadow)
        {
            errors.Add("RampSteps: a ramp applies to a split; shadow mode sends no live traffic to challengers");
        }

        var previous = 0.0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var field = $"RampSteps[{i}]";
            if (step is null)
            {
                errors.Add($"{field}: must not be null");
                continue;
            }

            if (!double.IsFinite(step.ChallengerShare) || step.ChallengerShare <= 0 || step.ChallengerShare > 1)
            {
                errors.Add($"{field}.ChallengerShare: must be in (0, 1], was {Invariant(step.ChallengerShare)}");
            }
            else if (step.ChallengerShare <= previous)
            {
                errors.Add($"{field}.ChallengerShare: must be greater than the previous step's {Invariant(previous)}, was {Invariant(step.ChallengerShare)}");
            }

            if (double.IsFinite(step.ChallengerShare) && step.ChallengerShare > previous)
            {
                previous = step.ChallengerShare;
            }

            if (step.MinimumDuration is { } duration && duration <= TimeSpan.Zero)
            {
                errors.Add($"{field}.MinimumDuration: must be positive, was {duration}");
            }

            if (step.MinimumSamples is { } samples && samples <= 0)
            {
                errors.Add($"{field}.MinimumSamples: must be positive, was {samples}");
            }

            if (i < steps.Count - 1 && step.MinimumDuration is null && step.MinimumSamples is null)
            {
                errors.Add($"{field}: give MinimumDuration or MinimumSamples, or the ramp could never leave the step");
            }
        }

        if (definition.RampStep < 0 || (definition.RampStep > 0 && definition.RampStep >= steps.Count))
        {
            errors.Add($"RampStep: must index one of the {steps.Count} steps, was {definition.RampStep}");
        }
    }

    private static void CheckTargeting(List<string> errors, IReadOnlyList<TargetingRule>? rules)
    {
        if (rules is null)
        {
            errors.Add("Targeting: must not be null (use an empty list to enroll every call)");
            return;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var field = $"Targeting[{i}]";
            if (rule is null)
            {
                errors.Add($"{field}: must not be null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Field))
            {
                errors.Add($"{field}.Field: must name an input property");
            }

            if (!Enum.IsDefined(rule.Operator))
            {
                errors.Add($"{field}.Operator: unknown value {(int)rule.Operator}");
                continue;
            }

            if (rule.Values is null || rule.Values.Count == 0)
            {
                errors.Add($"{field}.Values: at least one value is required");
            }
            else if (rule.Operator is not (TargetingOperator.In or TargetingOperator.NotIn))
            {
                if (rule.Values.Count != 1)
                {
                    errors.Add($"{field}.Values: {rule.Operator} takes exactly one value, got {rule.Values.Count}");
                }
                else if (!double.TryParse(rule.Values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    errors.Add($"{field}.Values: {rule.Operator} needs a finite number, got '{rule.Values[0]}'");
                }
            }
        }
    }

    private static void CheckSimpleName(List<string> errors, string field, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"{field}: must not be empty");
            return;
        }

        if (name.Length > MaxNameLength)
        {
            errors.Add($"{field}: '{name}' is {name.Length} characters long; the limit is {MaxNameLength}");
        }

        var bad = name.AsSpan().IndexOfAnyExcept(SimpleName);
        if (bad >= 0)
        {
            errors.Add($"{field}: '{name}' contains '{name[bad]}' at position {bad}; only letters, digits, '_' and '-' are allowed");
        }
        else if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            errors.Add($"{field}: '{name}' must start with a letter or a digit");
        }
    }

    private static void CheckRegistryName(List<string> errors, string field, string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"{field}: must not be empty");
            return;
        }

        if (name.Length > maxLength)
        {
            errors.Add($"{field}: '{name}' is {name.Length} characters long; the limit is {maxLength}");
        }

        var bad = name.AsSpan().IndexOfAnyExcept(RegistryName);
        if (bad >= 0)
        {
            errors.Add($"{field}: '{name}' contains '{name[bad]}' at position {bad}; only letters, digits, '.', '_' and '-' are allowed");
        }
        else if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            errors.Add($"{field}: '{name}' must start with a letter or a digit");
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
