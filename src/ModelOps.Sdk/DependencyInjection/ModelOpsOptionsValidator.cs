using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.DependencyInjection;

/// <summary>Cross-field and format rules of <see cref="ModelOpsOptions"/> that DataAnnotations cannot express.</summary>
internal sealed class ModelOpsOptionsValidator : IValidateOptions<ModelOpsOptions>
{
    private const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, ModelOpsOptions options)
    {
        var failures = new List<string>();
        if (options.AuditSigningKey is { Length: > 0 } key)
        {
            var buffer = new byte[((key.Length * 3) + 3) / 4];
            if (!Convert.TryFromBase64String(key, buffer, out var length))
            {
                failures.Add("ModelOps:AuditSigningKey is not valid Base64. Generate one with Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).");
            }
            else if (length < MinimumKeyBytes)
            {
                failures.Add($"ModelOps:AuditSigningKey is {length} bytes; HMAC-SHA256 needs at least {MinimumKeyBytes}. Generate one with Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).");
            }
        }

        if (options.ChangePollInterval <= TimeSpan.Zero)
        {
            failures.Add($"ModelOps:ChangePollInterval is {options.ChangePollInterval}; it must be positive (for example 00:00:01).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
