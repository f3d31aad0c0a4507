using System.Globalization;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Reporting;

/// <summary>The one plain-language sentence per model, in the order of <see cref="ModelHeadlineKind"/>: the most urgent first.</summary>
internal static class ReportHeadlines
{
    public static ModelHeadline For(ModelSummary model, IReadOnlyList<AliasChange> championHistory, ReportingOptions options, TimeZoneInfo zone)
    {
        var c = CultureInfo.InvariantCulture;
        if (!model.AuditChain.IsValid)
        {
            return new(ModelHeadlineKind.AuditChainBroken, $"audit chain broken: {model.AuditChain.Violations.Count.ToString(c)} violation(s) in {model.AuditChain.EntryCount.ToString(c)} entries");
        }

        if (model.LastRollback is { } rollback)
        {
            return new(ModelHeadlineKind.RolledBack, $"rolled back on {ReportFormat.Day(rollback.Timestamp, zone)}: {rollback.Reason ?? "no reason given"} (version {rollback.PreviousVersion?.ToString(c) ?? "?"} to {rollback.Version?.ToString(c) ?? "?"})");
        }

        if (model.Champion is not { } champion)
        {
            return new(ModelHeadlineKind.NoChampion, $"no champion: alias '{options.ChampionAlias}' is not set");
        }

        var monitoring = model.Monitoring;
        if (monitoring.Latest is { } latest)
        {
            var report = latest.Report;
            if (report.DatasetDrift.Drifted)
            {
                var drifted = report.Features.Count(static f => f.Drifted);
                return new(ModelHeadlineKind.Drift, $"drift in {drifted.ToString(c)} of {report.Features.Count.ToString(c)} inputs since {ReportFormat.Day(monitoring.DriftSince ?? latest.EndedAt, zone)}");
            }

            if (report.DataQuality.Alert)
            {
                return new(ModelHeadlineKind.DataQuality, $"data-quality alert: {ReportFormat.Percent(report.DataQuality.BadRowShare)} of rows with issues in the window ending {ReportFormat.Day(latest.EndedAt, zone)}");
            }

            if (report.FairnessAlert)
            {
                return new(ModelHeadlineKind.Fairness, $"fairness alert (four-fifths rule) in the window ending {ReportFormat.Day(latest.EndedAt, zone)}");
            }
        }
        else
        {
            var since = monitoring.LastDataAt ?? championHistory.LastOrDefault(h => h.Version == champion.Version)?.Timestamp ?? champion.RegisteredAt;
            var what = monitoring.LastDataAt is null ? $"version {champion.Version.ToString(c)} became champion" : "the last window ended";
            return new(ModelHeadlineKind.NoMonitoringData, $"no monitoring data since {ReportFormat.Day(since, zone)} ({what})");
        }

        if (model.Challenger is { } challenger && challenger.Version != champion.Version && model.ChallengerLook is { } look)
        {
            return new(ModelHeadlineKind.ChallengerPending, Challenger(look, challenger.Version, zone));
        }

        return new(ModelHeadlineKind.Healthy, "healthy");
    }

    private static string Challenger(ExperimentLook look, int version, TimeZoneInfo zone)
    {
        var c = CultureInfo.InvariantCulture;
        if (look.Improvement is not { } improvement)
        {
            return $"challenger version {version.ToString(c)} under evaluation, no outcome data yet";
        }

        var word = improvement >= 0 ? "better" : "worse";
        var size = Math.Abs(improvement);
        var amount = look.Champion.Kind switch
        {
            QualityMetricKind.BinaryClassification => $"{(size * 100).ToString("0.0", c)} points of accuracy",
            QualityMetricKind.Regression => $"{size.ToString("0.####", c)} in mean absolute error",
            _ => $"{size.ToString("0.####", c)} in mean reward",
        };
        var decision = look.Decision is { Kind: not DecisionKind.Continue } d
            ? $"evaluation says {d.Kind.ToString().ToLowerInvariant()} as of {ReportFormat.Day(d.Evidence.EvaluatedAt, zone)}"
            : "decision pending";
        return $"challenger {word} by {amount}, {decision}";
    }
}
