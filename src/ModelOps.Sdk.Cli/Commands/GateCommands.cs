using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops gates evaluate|show</c>: the promotion policy's gates for a version.</summary>
internal static class GateCommands
{
    public static Command Create() => new("gates", "Promotion gates (the policy in effect: stored in the registry with 'modelops policy set', else the Governance configuration section).") { CreateEvaluate(), CreateShow() };

    /// <summary>Writes a gate report for people: one row per gate, then the verdict.</summary>
    public static void WriteReport(TextWriter text, GateReport report)
    {
        text.WriteLine($"Gate report for {report.ModelName} version {report.Version.ToString(CultureInfo.InvariantCulture)} " +
            $"(champion: {CommandArguments.Format(report.ChampionVersion)}), evaluated {CommandArguments.Format(report.EvaluatedAt)} by {report.EvaluatedBy}");
        var table = new TextTable("GATE", "RESULT", "THRESHOLD", "REASON");
        foreach (var result in report.Results)
        {
            table.Add(result.Gate, result.Passed ? (result.OverriddenBy is null ? "passed" : "overridden") : "FAILED", result.Threshold ?? "-", result.Reason);
        }

        text.Write(table);
        text.WriteLine(report.Results.Count == 0
            ? "No gates are configured: the report passes."
            : report.Passed ? "All gates passed." : $"{report.Failures.Count().ToString(CultureInfo.InvariantCulture)} gate(s) failed.");
    }

    private static Command CreateEvaluate()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var command = new Command("evaluate", $"Evaluate the gates, store the report with the version and print it; exit code {ExitCodes.GatesFailed} when a gate fails.") { model, version };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var report = await session.Governance.EvaluateGatesAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(version), ct).ConfigureAwait(false);
            session.Output.Result(report, text => WriteReport(text, report));
            return report.Passed ? ExitCodes.Success : ExitCodes.GatesFailed;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var command = new Command("show", $"Print the latest stored gate report without evaluating; exit code {ExitCodes.GatesFailed} when it failed, {ExitCodes.NotFound} when there is none.") { model, version };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(model);
            var number = parse.GetRequiredValue(version);
            var report = await session.Governance.GetGateReportAsync(name, number, ct).ConfigureAwait(false);
            if (report is null)
            {
                session.Output.Diagnostic($"modelops: version {number.ToString(CultureInfo.InvariantCulture)} of model '{name}' has no gate report yet; run 'modelops gates evaluate'");
                return ExitCodes.NotFound;
            }

            session.Output.Result(report, text => WriteReport(text, report));
            return report.Passed ? ExitCodes.Success : ExitCodes.GatesFailed;
        });
        return command;
    }
}
