using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Reporting;

/// <summary>Checks <see cref="ReportingOptions"/>: aliases and title given, a time zone this machine knows, a positive window count, a read concurrency from 1 to 64.</summary>
internal sealed class ReportingOptionsValidator : IValidateOptions<ReportingOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ChampionAlias))
        {
            failures.Add("ModelOps:Reporting:ChampionAlias must name an alias, for example 'champion'.");
        }

        if (string.IsNullOrWhiteSpace(options.ChallengerAlias))
        {
            failures.Add("ModelOps:Reporting:ChallengerAlias must name an alias, for example 'challenger'.");
        }
        else if (string.Equals(options.ChampionAlias, options.ChallengerAlias, StringComparison.Ordinal))
        {
            failures.Add($"ModelOps:Reporting:ChallengerAlias '{options.ChallengerAlias}' must differ from ChampionAlias.");
        }

        if (string.IsNullOrWhiteSpace(options.Title))
        {
            failures.Add("ModelOps:Reporting:Title must not be empty.");
        }

        if (options.FeatureDriftWindows < 1)
        {
            failures.Add($"ModelOps:Reporting:FeatureDriftWindows must be at least 1, not {options.FeatureDriftWindows}.");
        }

        if (options.MaxConcurrentModelReads is < 1 or > 64)
        {
            failures.Add($"ModelOps:Reporting:MaxConcurrentModelReads must be between 1 and 64, not {options.MaxConcurrentModelReads}.");
        }

        if (!ReportTimeZone.TryFind(options.TimeZone, out _))
        {
            failures.Add($"ModelOps:Reporting:TimeZone '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as 'UTC' or 'Europe/Berlin'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
