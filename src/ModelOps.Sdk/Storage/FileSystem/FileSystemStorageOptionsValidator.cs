using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Checks the rules of <see cref="FileSystemStorageOptions"/> that data annotations cannot express with the offending value in the
/// message: a usable root path and sensible time limits.
/// </summary>
internal sealed class FileSystemStorageOptionsValidator : IValidateOptions<FileSystemStorageOptions>
{
    internal static readonly TimeSpan MaxLockTimeout = TimeSpan.FromHours(1);
    internal static readonly TimeSpan MinTemporaryFileRetention = TimeSpan.FromMinutes(1);
    internal const int MaxJournalIndexInterval = 1_000_000;

    public ValidateOptionsResult Validate(string? name, FileSystemStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Validates options handed straight to a store's constructor, where no options pipeline ran: data annotations and these rules.
    /// </summary>
    internal static void ThrowIfInvalid(FileSystemStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.Select(r => r.ErrorMessage ?? "FileSystemStorageOptions is invalid.").ToList();
        failures.AddRange(Check(options));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(FileSystemStorageOptions), failures);
        }
    }

    private static List<string> Check(FileSystemStorageOptions options)
    {
        var failures = new List<string>();

        // A null root is reported by the [Required] annotation; report only what it cannot see.
        if (options.RootPath is { } root)
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                failures.Add($"ModelOps:Store:RootPath is '{root}', which is blank: set it to the directory that should hold the model registry.");
            }
            else if (root.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                failures.Add($"ModelOps:Store:RootPath '{root}' contains characters that are not allowed in a path: remove them.");
            }
        }

        if (options.LockTimeout <= TimeSpan.Zero || options.LockTimeout > MaxLockTimeout)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"ModelOps:Store:LockTimeout is {options.LockTimeout}: set it to more than zero and at most {MaxLockTimeout} (the default is 30 seconds)."));
        }

        if (options.TemporaryFileRetention < MinTemporaryFileRetention)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"ModelOps:Store:TemporaryFileRetention is {options.TemporaryFileRetention}: set it to at least {MinTemporaryFileRetention}, so that uploads in progress are not deleted (the default is 1 hour)."));
        }

        if (options.JournalIndexInterval is < 1 or > MaxJournalIndexInterval)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"ModelOps:Store:JournalIndexInterval is {options.JournalIndexInterval}: set it from 1 to {MaxJournalIndexInterval} entries (the default is 4096)."));
        }

        return failures;
    }
}
