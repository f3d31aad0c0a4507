using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>Checks the rules of <see cref="JsonLinesPredictionLogOptions"/> that data annotations cannot express.</summary>
internal sealed class JsonLinesPredictionLogOptionsValidator : IValidateOptions<JsonLinesPredictionLogOptions>
{
    public const int MinimumHashKeyBytes = 16;

    public ValidateOptionsResult Validate(string? name, JsonLinesPredictionLogOptions options)
    {
        var errors = new List<string>();
        foreach (var (field, redaction) in options.RedactedFields)
        {
            if (string.IsNullOrWhiteSpace(field) || field.Split('.').Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"JsonLinesPredictionLogOptions.RedactedFields has an invalid field path '{field}': use a field name or a dotted path such as 'address.street'.");
            }

            if (!Enum.IsDefined(redaction))
            {
                errors.Add($"JsonLinesPredictionLogOptions.RedactedFields['{field}'] is {(int)redaction}, which is not a FieldRedaction.");
            }
        }

        var section = "ModelOps:" + JsonLinesPredictionLogOptions.SectionName;
        if (options.RetainFor <= TimeSpan.Zero)
        {
            errors.Add($"{section}:RetainFor is {options.RetainFor}; it must be positive (for example 30.00:00:00 for 30 days).");
        }

        if (options.MaxTotalBytes < options.MaxFileBytes)
        {
            errors.Add($"{section}:MaxTotalBytes is {options.MaxTotalBytes}; it must be at least MaxFileBytes ({options.MaxFileBytes}), or the writer would delete files it has just filled.");
        }

        var hashed = options.RedactedFields.Where(static f => f.Value == FieldRedaction.Hash).Select(static f => f.Key).ToList();
        if (hashed.Count > 0)
        {
            if (string.IsNullOrEmpty(options.HashKey))
            {
                errors.Add($"JsonLinesPredictionLogOptions.HashKey is required because fields are hashed ({string.Join(", ", hashed)}): set a base64 key of at least {MinimumHashKeyBytes} bytes.");
            }
            else if (DecodeKey(options.HashKey) is not { Length: >= MinimumHashKeyBytes })
            {
                errors.Add($"JsonLinesPredictionLogOptions.HashKey must be base64 of at least {MinimumHashKeyBytes} bytes.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The key's bytes, or <see langword="null"/> when it is not base64.</summary>
    public static byte[]? DecodeKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var written) ? bytes[..written] : null;
    }
}
