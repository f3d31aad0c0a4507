using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace ModelOps.Sdk.Onnx;

/// <summary>Validates <see cref="OnnxFlavorOptions"/>; messages say what to fix and include the value.</summary>
internal sealed class OnnxFlavorOptionsValidator : IValidateOptions<OnnxFlavorOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxFlavorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.IntraOpNumThreads < 0)
        {
            failures.Add($"OnnxFlavorOptions.IntraOpNumThreads must be 0 (ONNX Runtime chooses) or more; it is {options.IntraOpNumThreads}.");
        }

        if (options.InterOpNumThreads < 0)
        {
            failures.Add($"OnnxFlavorOptions.InterOpNumThreads must be 0 (ONNX Runtime chooses) or more; it is {options.InterOpNumThreads}.");
        }

        if (!Enum.IsDefined(options.GraphOptimizationLevel))
        {
            failures.Add($"OnnxFlavorOptions.GraphOptimizationLevel must be one of {string.Join(", ", Enum.GetNames<GraphOptimizationLevel>())}; it is {(int)options.GraphOptimizationLevel}.");
        }

        if (!Enum.IsDefined(options.ExecutionMode))
        {
            failures.Add($"OnnxFlavorOptions.ExecutionMode must be one of {string.Join(", ", Enum.GetNames<ExecutionMode>())}; it is {(int)options.ExecutionMode}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates options that did not come through dependency injection (for example <c>Options.Create</c>).</summary>
    public static void ThrowIfInvalid(OnnxFlavorOptions options)
    {
        var result = new OnnxFlavorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(OnnxFlavorOptions), result.Failures);
        }
    }
}
