using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.DependencyInjection;

/// <summary>
/// The rules of <see cref="ModelOpsOptions"/> that its data annotations do not express: the signing key's format and the poll
/// interval's range (a <c>[Range(typeof(TimeSpan), ...)]</c> attribute would need reflection, and Abstractions is trimming and AOT safe).
/// </summary>
internal sealed class ModelOpsOptionsValidator : IValidateOptions<ModelOpsOptions>
{
    private const int MinimumKeyBytes = 32;

    private static readonly TimeSpan MinimumPollInterval = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan MaximumPollInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan MinimumGracePeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaximumGracePeriod = TimeSpan.FromDays(365);

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

        if (options.ChangePollInterval < MinimumPollInterval || options.ChangePollInterval > MaximumPollInterval)
        {
            failures.Add($"ModelOps:ChangePollInterval must be between {MinimumPollInterval:c} and {MaximumPollInterval:c}; it is {options.ChangePollInterval:c}.");
        }

        if (options.ArtifactGracePeriod < MinimumGracePeriod || options.ArtifactGracePeriod > MaximumGracePeriod)
        {
            failures.Add($"ModelOps:ArtifactGracePeriod must be between {MinimumGracePeriod:c} and {MaximumGracePeriod:c}; it is {options.ArtifactGracePeriod:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
