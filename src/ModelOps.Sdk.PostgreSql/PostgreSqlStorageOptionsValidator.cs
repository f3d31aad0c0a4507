using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql;

/// <summary>
/// Checks <see cref="PostgreSqlStorageOptions"/>: a parsable connection string when no data source is given, a safe schema name and
/// sensible limits; every failure names the option, and the value unless it is the connection string.
/// </summary>
internal sealed partial class PostgreSqlStorageOptionsValidator : IValidateOptions<PostgreSqlStorageOptions>
{
    private readonly bool _hasDataSource;

    public PostgreSqlStorageOptionsValidator(IEnumerable<PostgreSqlDataSourceRegistration> dataSources)
    {
        _hasDataSource = dataSources.Any();
    }

    public ValidateOptionsResult Validate(string? name, PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options, _hasDataSource);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates options handed straight to a store's constructor, where no options pipeline ran.</summary>
    internal static void ThrowIfInvalid(PostgreSqlStorageOptions options, bool hasDataSource)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options, hasDataSource);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgreSqlStorageOptions), failures);
        }
    }

    internal static List<string> Check(PostgreSqlStorageOptions options, bool hasDataSource)
    {
        var failures = new List<string>();
        if (!hasDataSource)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add("PostgreSqlStorageOptions.ConnectionString is required: set it (for example \"Host=db;Database=models;Username=modelops\", with the password from a secret store) or pass an NpgsqlDataSource to UsePostgreSql.");
            }
            else
            {
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException ex)
                {
                    // The message names the keyword, never the value: the string may hold a password.
                    failures.Add($"PostgreSqlStorageOptions.ConnectionString cannot be parsed ({ex.Message}): fix the connection string.");
                }
            }
        }

        if (options.Schema is null || !SchemaName().IsMatch(options.Schema))
        {
            failures.Add($"PostgreSqlStorageOptions.Schema is '{options.Schema}': use a lowercase letter or '_' followed by up to 47 lowercase letters, digits or '_' (the default is 'modelops').");
        }

        CheckRange(failures, nameof(options.NotificationReconnectDelay), options.NotificationReconnectDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5), "1 second", exclusiveMinimum: true);
        CheckRange(failures, nameof(options.OperationTimeout), options.OperationTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), "30 seconds", exclusiveMinimum: false);
        CheckRange(failures, nameof(options.RetryDelay), options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "200 milliseconds", exclusiveMinimum: true);
        if (options.MaxRetryAttempts is < 0 or > 20)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"PostgreSqlStorageOptions.MaxRetryAttempts is {options.MaxRetryAttempts}: set it between 0 (no retries) and 20 (the default is 3)."));
        }

        return failures;
    }

    private static void CheckRange(List<string> failures, string name, TimeSpan value, TimeSpan minimum, TimeSpan maximum, string defaultValue, bool exclusiveMinimum)
    {
        var tooSmall = exclusiveMinimum ? value <= minimum : value < minimum;
        if (tooSmall || value > maximum)
        {
            var lower = exclusiveMinimum ? $"more than {minimum}" : $"at least {minimum}";
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"PostgreSqlStorageOptions.{name} is {value}: set it to {lower} and at most {maximum} (the default is {defaultValue})."));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
