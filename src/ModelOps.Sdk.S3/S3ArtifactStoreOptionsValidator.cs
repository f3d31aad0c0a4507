using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// Checks every rule of <see cref="S3ArtifactStoreOptions"/>, with the offending value in the message, in code rather than through
/// data annotations (reflection), so the package stays trimming and AOT safe. Secrets are checked for presence only and never echoed.
/// </summary>
internal sealed class S3ArtifactStoreOptionsValidator : IValidateOptions<S3ArtifactStoreOptions>
{
    internal static readonly TimeSpan MinStagingRetention = TimeSpan.FromMinutes(1);
    internal static readonly TimeSpan MinAttemptTimeout = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromHours(1);
    internal static readonly TimeSpan MaxRetryBaseDelay = TimeSpan.FromMinutes(1);
    internal const int MaxRetryAttempts = 20;

    private static readonly SearchValues<char> BucketCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");
    private static readonly SearchValues<char> KeySegmentCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!-_.*'()");

    public ValidateOptionsResult Validate(string? name, S3ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates options handed straight to a store's constructor, where no options pipeline ran.</summary>
    internal static void ThrowIfInvalid(S3ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(S3ArtifactStoreOptions), failures);
        }
    }

    private static List<string> Check(S3ArtifactStoreOptions options)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.BucketName))
        {
            failures.Add("S3ArtifactStoreOptions.BucketName is required: set it to the bucket that should hold the model artifacts.");
        }
        else if (!IsValidBucketName(options.BucketName))
        {
            failures.Add($"S3ArtifactStoreOptions.BucketName '{options.BucketName}' is not a valid bucket name: use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.");
        }

        if (options.KeyPrefix is null)
        {
            failures.Add("S3ArtifactStoreOptions.KeyPrefix is null: set it to a prefix such as 'modelops', or to an empty string for the root of the bucket.");
        }
        else if (!IsValidKeyPrefix(options.KeyPrefix))
        {
            failures.Add($"S3ArtifactStoreOptions.KeyPrefix '{options.KeyPrefix}' is not valid: separate segments with single '/' (none at the start or end) and use only letters, digits and !-_.*'() in them; '.' and '..' are not segments.");
        }

        if (options.ServiceUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0))
        {
            // The URL is echoed only when it carries no user info, which could hold a secret.
            string shown = Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) && parsed.UserInfo.Length > 0 ? "(a URL with user info)" : $"'{url}'";
            failures.Add($"S3ArtifactStoreOptions.ServiceUrl {shown} is not valid: use an absolute http:// or https:// URL without user name or password, such as http://127.0.0.1:9000, or leave it unset for Amazon S3.");
        }

        if (options.Region is { } region && (string.IsNullOrWhiteSpace(region) || region.Any(char.IsWhiteSpace)))
        {
            failures.Add($"S3ArtifactStoreOptions.Region '{region}' is not valid: use a region name such as 'eu-west-1', or leave it unset.");
        }

        bool hasKeyId = !string.IsNullOrEmpty(options.AccessKeyId);
        bool hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKeyId != hasSecret)
        {
            failures.Add(hasKeyId
                ? "S3ArtifactStoreOptions.AccessKeyId is set but SecretAccessKey is not: set both, or neither to use the standard AWS credential chain."
                : "S3ArtifactStoreOptions.SecretAccessKey is set but AccessKeyId is not: set both, or neither to use the standard AWS credential chain.");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && !(hasKeyId && hasSecret))
        {
            failures.Add("S3ArtifactStoreOptions.SessionToken is set without AccessKeyId and SecretAccessKey: a session token belongs to temporary static credentials, so set all three.");
        }

        if (options.PartSize < S3ArtifactStoreOptions.MinPartSize || options.PartSize > S3ArtifactStoreOptions.MaxPartSize)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"S3ArtifactStoreOptions.PartSize is {options.PartSize} bytes: set it between {S3ArtifactStoreOptions.MinPartSize} (5 MiB, the S3 minimum) and {S3ArtifactStoreOptions.MaxPartSize} (512 MiB); the default is 8 MiB."));
        }

        if (options.UseLocalCache && string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            failures.Add("S3ArtifactStoreOptions.CacheDirectory is blank while UseLocalCache is true: set it to a local directory, or set UseLocalCache to false.");
        }
        else if (options.UseLocalCache && options.CacheDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"S3ArtifactStoreOptions.CacheDirectory '{options.CacheDirectory}' contains characters that are not allowed in a path: remove them.");
        }

        if (options.CacheSizeLimit is <= 0)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"S3ArtifactStoreOptions.CacheSizeLimit is {options.CacheSizeLimit} bytes: set it to a positive number of bytes, or leave it unset (null) for no limit."));
        }

        if (options.StagingRetention < MinStagingRetention)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"S3ArtifactStoreOptions.StagingRetention is {options.StagingRetention}: set it to at least {MinStagingRetention}, and longer than the slowest upload (the default is 1 day)."));
        }

        if (options.AttemptTimeout < MinAttemptTimeout || options.AttemptTimeout > MaxAttemptTimeout)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"S3ArtifactStoreOptions.AttemptTimeout is {options.AttemptTimeout}: set it between {MinAttemptTimeout} and {MaxAttemptTimeout} (the default is 2 minutes)."));
        }

        if (options.MaxRetryAttempts < 0 || options.MaxRetryAttempts > MaxRetryAttempts)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"S3ArtifactStoreOptions.MaxRetryAttempts is {options.MaxRetryAttempts}: set it between 0 and {MaxRetryAttempts} (the default is 3)."));
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > MaxRetryBaseDelay)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"S3ArtifactStoreOptions.RetryBaseDelay is {options.RetryBaseDelay}: set it between zero and {MaxRetryBaseDelay} (the default is 500 milliseconds)."));
        }

        if (!Enum.IsDefined(options.RetryBackoff))
        {
            failures.Add($"S3ArtifactStoreOptions.RetryBackoff is {options.RetryBackoff}: use Constant, Linear or Exponential.");
        }

        return failures;
    }

    private static bool IsValidBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && !bucket.AsSpan().ContainsAnyExcept(BucketCharacters)
        && char.IsAsciiLetterOrDigit(bucket[0])
        && char.IsAsciiLetterOrDigit(bucket[^1])
        && !bucket.Contains("..", StringComparison.Ordinal);

    private static bool IsValidKeyPrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return true;
        }

        if (prefix.Length > 512)
        {
            return false;
        }

        foreach (string segment in prefix.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.AsSpan().ContainsAnyExcept(KeySegmentCharacters))
            {
                return false;
            }
        }

        return true;
    }
}
