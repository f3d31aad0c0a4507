using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Errors;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>Arguments and value parsing shared by several commands.</summary>
internal static class CommandArguments
{
    public static Argument<string> Model() => new("model") { Description = "The model's name." };

    public static Argument<int> Version() => new("version") { Description = "The version number." };

    public static Argument<string> Alias() => new("alias") { Description = "The alias, for example champion." };

    /// <summary>Parses an ISO 8601 time; without an offset it is taken as UTC.</summary>
    public static DateTimeOffset ParseTime(string value, string option) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new CliUsageException($"{option} '{value}' is not an ISO 8601 time (for example 2026-01-31T12:00:00Z)");

    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
