using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Reporting;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops report --out FILE [--model NAME] [--from DATE] [--to DATE] [--time-zone ID]</c>.</summary>
internal static class ReportCommands
{
    /// <summary>The configuration key <c>--time-zone</c> sets for the run (<see cref="Hosting.CliConfiguration"/>).</summary>
    public const string TimeZoneKey = "ModelOps:Reporting:TimeZone";

    /// <summary>The option's name, by which the configuration finds it on the parsed command.</summary>
    public const string TimeZoneOptionName = "--time-zone";

    public static Command Create()
    {
        var zone = new Option<string>(TimeZoneOptionName)
        {
            Description = $"The time zone the report's dates and times are written in, an IANA or Windows id (for example Europe/Paris); overrides {TimeZoneKey} (UTC by default).",
        };
        zone.Validators.Add(result =>
        {
            var id = result.GetValueOrDefault<string>();
            if (!string.IsNullOrWhiteSpace(id) && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
            {
                result.AddError($"{TimeZoneOptionName} '{id}' is not a time zone this machine knows; use an IANA or Windows id, for example Europe/Paris or UTC.");
            }
        });
        var output = new Option<FileInfo>("--out", "-o") { Description = "The HTML file to write (replaced if it exists; written beside it first and moved into place).", Required = true };
        var model = new Option<string>("--model") { Description = "Report on this model only; every model when omitted." };
        var from = new Option<string>("--from") { Description = "Start of the period (inclusive), an ISO 8601 date or date-time; UTC when no offset is given." };
        var to = new Option<string>("--to") { Description = "End of the period (exclusive), an ISO 8601 date or date-time; UTC when no offset is given." };
        var command = new Command(
            "report",
            "Write a self-contained HTML report (no script, nothing fetched) of every model, or one: champion and challenger, approvals, gates, audit chain, monitoring, experiments.")
        {
            output,
            model,
            from,
            to,
            zone,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var scope = new ReportScope
            {
                ModelName = parse.GetValue(model),
                From = Date(parse.GetValue(from), "--from"),
                To = Date(parse.GetValue(to), "--to"),
            };
            if (scope is { From: { } start, To: { } end } && end <= start)
            {
                throw new CliUsageException($"--to ({end:o}) must be after --from ({start:o}).");
            }

            var target = parse.GetRequiredValue(output);
            Directory.CreateDirectory(target.DirectoryName!);

            // Written beside the target and moved into place, so a failed report never leaves a half-written file.
            var partial = target.FullName + ".partial";
            try
            {
                var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await session.Reports.WriteHtmlAsync(file, scope, ct).ConfigureAwait(false);
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            var length = new FileInfo(target.FullName).Length;
            session.Output.Result(
                new { path = target.FullName, bytes = length, model = scope.ModelName, from = scope.From, to = scope.To },
                text => text.WriteLine($"Report written to {target.FullName} ({length.ToString("N0", CultureInfo.InvariantCulture)} bytes)."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateTimeOffset? Date(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new CliUsageException($"{option} '{text}' is not a date; use ISO 8601, for example 2025-03-01 or 2025-03-01T12:00:00Z.");
    }
}
