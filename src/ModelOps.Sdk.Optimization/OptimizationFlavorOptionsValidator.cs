using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Optimization;

/// <summary>Validates <see cref="OptimizationFlavorOptions"/>; messages say what to fix and include the value.</summary>
internal sealed class OptimizationFlavorOptionsValidator : IValidateOptions<OptimizationFlavorOptions>
{
    /// <summary>The MIP solvers the OR-Tools package ships (commercial solvers need their own libraries and licences).</summary>
    internal static readonly string[] MipSolvers = ["SCIP", "CBC", "SAT"];

    /// <summary>The LP solvers the OR-Tools package ships; a MIP solver also solves an LP.</summary>
    internal static readonly string[] LpSolvers = ["GLOP", "CLP", "PDLP", .. MipSolvers];

    public ValidateOptionsResult Validate(string? name, OptimizationFlavorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TimeLimit < TimeSpan.FromMilliseconds(1) || options.TimeLimit > OptimizationFlavorOptions.MaxTimeLimit)
        {
            failures.Add($"OptimizationFlavorOptions.TimeLimit must be between 1 ms and {OptimizationFlavorOptions.MaxTimeLimit}; it is {options.TimeLimit}.");
        }

        if (!MipSolvers.Contains(options.MipSolver, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"OptimizationFlavorOptions.MipSolver must be one of {string.Join(", ", MipSolvers)}; it is '{options.MipSolver}'.");
        }

        if (!LpSolvers.Contains(options.LpSolver, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"OptimizationFlavorOptions.LpSolver must be one of {string.Join(", ", LpSolvers)}; it is '{options.LpSolver}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates options that did not come through dependency injection (for example <c>Options.Create</c>).</summary>
    public static void ThrowIfInvalid(OptimizationFlavorOptions options)
    {
        var result = new OptimizationFlavorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(OptimizationFlavorOptions), result.Failures);
        }
    }
}
