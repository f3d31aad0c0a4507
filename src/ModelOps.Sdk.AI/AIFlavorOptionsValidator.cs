using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.AI;

/// <summary>Validates <see cref="AIFlavorOptions"/>; messages say what to fix and include the value.</summary>
internal sealed class AIFlavorOptionsValidator : IValidateOptions<AIFlavorOptions>
{
    public ValidateOptionsResult Validate(string? name, AIFlavorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Timeout < TimeSpan.FromMilliseconds(1) || options.Timeout > AIFlavorOptions.MaxTimeout)
        {
            failures.Add($"AIFlavorOptions.Timeout must be between 1 ms and {AIFlavorOptions.MaxTimeout}; it is {options.Timeout}.");
        }

        if (options.ChatClientKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            failures.Add("AIFlavorOptions.ChatClientKey must be null (the unkeyed IChatClient) or a non-blank service key; it is blank.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates options that did not come through dependency injection's validation.</summary>
    public static void ThrowIfInvalid(AIFlavorOptions options)
    {
        var result = new AIFlavorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AIFlavorOptions), result.Failures);
        }
    }
}
