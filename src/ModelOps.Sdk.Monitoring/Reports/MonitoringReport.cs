using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Monitoring.ConceptDrift;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Serialization;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>
/// A monitoring report for one window against the reference: drift per input feature and per output, dataset drift, data quality,
/// and (when monitored) fairness and concept-drift state. JSON with a stable, versioned schema (<see cref="ToJson"/>), and a
/// plain-text summary (<see cref="ToText"/>). Create one with <see cref="DriftAnalyzer.Analyze"/>.
/// </summary>
public sealed record MonitoringReport
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = EvidenceJson.MonitoringReportSchemaVersion;

    /// <summary>Gets the schema version of the JSON form.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the model's name, if known.</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets the model version, if known.</summary>
    public int? ModelVersion { get; init; }

    /// <summary>Gets when the window started, if known.</summary>
    public DateTimeOffset? WindowStartedAt { get; init; }

    /// <summary>Gets when the window ended, if known.</summary>
    public DateTimeOffset? WindowEndedAt { get; init; }

    /// <summary>Gets the number of reference rows.</summary>
    public long ReferenceRows { get; init; }

    /// <summary>Gets the number of rows in the window.</summary>
    public long CurrentRows { get; init; }

    /// <summary>Gets the drift of each input feature.</summary>
    public required IReadOnlyList<FeatureDrift> Features { get; init; }

    /// <summary>Gets the drift of each model output (prediction drift).</summary>
    public IReadOnlyList<FeatureDrift> Predictions { get; init; } = [];

    /// <summary>Gets the dataset-drift decision over the input features.</summary>
    public required DatasetDriftSummary DatasetDrift { get; init; }

    /// <summary>Gets the data quality of the window.</summary>
    public required DataQualityReport DataQuality { get; init; }

    /// <summary>Gets the fairness section, when fairness is monitored: the first of <see cref="FairnessByAttribute"/>.</summary>
    public FairnessReport? Fairness { get; init; }

    /// <summary>Gets the fairness section of every monitored protected attribute and intersection, each naming its
    /// <see cref="FairnessReport.Attribute"/>; empty when fairness is not monitored.</summary>
    public IReadOnlyList<FairnessReport> FairnessByAttribute { get; init; } = [];

    /// <summary>Gets the concept-drift detectors' states, when labels are monitored.</summary>
    public IReadOnlyList<ConceptDriftStatus> ConceptDrift { get; init; } = [];

    /// <summary>Gets how labels met predictions in the window (joined, unmatched, expired, pending), when labels are monitored.</summary>
    public LabelJoinCounts? Labels { get; init; }

    /// <summary>Gets a value indicating whether any output drifted.</summary>
    public bool PredictionDrifted => Predictions.Any(p => p.Drifted);

    /// <summary>Gets a value indicating whether anything calls for attention: dataset drift, prediction drift, a data-quality alert,
    /// a fairness measure outside its bound, or a concept-drift detector in the drift state.</summary>
    public bool HasAlerts => DatasetDrift.Drifted || PredictionDrifted || DataQuality.Alert || FairnessAlert || ConceptDrift.Any(c => c.State == ConceptDriftState.Drift);

    /// <summary>Gets a value indicating whether the fairness section reports a violation.</summary>
    public bool FairnessAlert => (Fairness is { } f && FairnessFigures.Violates(f)) || FairnessByAttribute.Any(FairnessFigures.Violates);

    /// <summary>
    /// Gets the part of the report that other packages read (governance's drift, data-quality and fairness gates and the model
    /// card): the same figures <see cref="EvidenceJson.ReadMonitoringSummary"/> reads from this report's <see cref="ToJson"/>.
    /// </summary>
    /// <returns>The summary.</returns>
    public MonitoringSummary ToSummary()
    {
        var fairness = new List<FairnessSummary>();
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in Fairness is { } single ? FairnessByAttribute.Append(single) : FairnessByAttribute)
        {
            var attribute = section.Attribute ?? "(unnamed)";
            if (attributes.Add(attribute))
            {
                var reason = new[] { section.DemographicParityRatio, section.DemographicParityDifference, section.EqualizedOddsDifference }
                    .FirstOrDefault(static m => m.Value is null)?.Reason;
                fairness.Add(new FairnessSummary(
                    attribute, section.DemographicParityRatio.Value, section.DemographicParityDifference.Value, section.EqualizedOddsDifference.Value, reason));
            }
        }

        return new MonitoringSummary
        {
            SchemaVersion = SchemaVersion,
            ModelName = ModelName,
            ModelVersion = ModelVersion,
            WindowStartedAt = WindowStartedAt,
            WindowEndedAt = WindowEndedAt,
            ReferenceRows = ReferenceRows,
            CurrentRows = CurrentRows,
            DriftedShare = DatasetDrift.DriftedShare,
            DatasetDrifted = DatasetDrift.Drifted,
            DriftedFeatures = DatasetDrift.DriftedFeatures,
            PredictionDrifted = PredictionDrifted,
            BadRowShare = DataQuality.BadRowShare,
            DataQualityAlert = DataQuality.Alert,
            SignatureIssues = DataQuality.SignatureIssues.Select(static i => $"{i.Field}: {i.Problem}").ToArray(),
            Fairness = fairness,
            ConceptDrifted = ConceptDrift.Any(static c => c.State == ConceptDriftState.Drift),
        };
    }

    /// <summary>Serializes the report as UTF-8 JSON (camelCase, enums as strings).</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, MonitoringJson.Options);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ProfileFormatException">The schema version is newer than <see cref="CurrentSchemaVersion"/> or missing, or
    /// the document is not a valid report.</exception>
    public static MonitoringReport FromJson(ReadOnlySpan<byte> utf8Json) =>
        MonitoringJson.Read<MonitoringReport>(utf8Json, CurrentSchemaVersion, "monitoring report", "report");

    /// <summary>Writes a plain-text summary: one line per drifted or checked feature, the dataset decision, quality, fairness and
    /// concept drift, for logs and consoles.</summary>
    /// <returns>The summary.</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"Monitoring report{(ModelName is null ? string.Empty : $" for {ModelName}")}{(ModelVersion is null ? string.Empty : $" v{ModelVersion}")}");
        if (WindowStartedAt is { } start && WindowEndedAt is { } end)
        {
            text.Append(c, $", window {start:u} .. {end:u}");
        }

        text.AppendLine();
        text.AppendLine(c, $"  rows: reference {ReferenceRows:N0}, window {CurrentRows:N0}; {(HasAlerts ? "ALERTS" : "no alerts")}");
        var d = DatasetDrift;
        text.AppendLine(c, $"  dataset drift: {(d.Drifted ? "DRIFT" : "none")} ({d.DriftedCount} of {d.FeatureCount} features, {d.DriftedShare:P0}; threshold {d.ShareThreshold:P0}, correction {d.Correction})");
        AppendFeatures(text, "features", Features);
        AppendFeatures(text, "predictions", Predictions);

        var q = DataQuality;
        text.AppendLine(c, $"  data quality: {(q.Alert ? "ALERT" : "ok")}; bad rows {q.BadRowCount:N0} ({q.BadRowShare:P1})");
        foreach (var f in q.Features.Concat(q.Predictions).Where(f => f.HasIssues))
        {
            var issues = new List<string>();
            if (f.MissingCount > 0)
            {
                issues.Add(string.Create(c, $"missing {f.MissingShare:P1} (reference {f.ReferenceMissingShare:P1})"));
            }

            if (f.InfiniteCount > 0)
            {
                issues.Add(string.Create(c, $"infinite {f.InfiniteCount:N0}"));
            }

            if (f.BelowRangeCount + f.AboveRangeCount > 0)
            {
                issues.Add(string.Create(c, $"out of reference range {f.BelowRangeCount:N0} below, {f.AboveRangeCount:N0} above"));
            }

            if (f.UnseenCount > 0)
            {
                issues.Add(string.Create(c, $"unseen categories {f.UnseenCount:N0} ({string.Join(", ", f.UnseenExamples)})"));
            }

            if (f.AlmostConstant)
            {
                issues.Add(string.Create(c, $"almost constant (top value {f.TopValueShare:P1})"));
            }

            text.AppendLine(c, $"    {f.Name}: {string.Join("; ", issues)}");
        }

        foreach (var issue in q.SignatureIssues)
        {
            text.AppendLine(c, $"    signature: {issue.Field}: {issue.Problem}");
        }

        foreach (var fairness in FairnessByAttribute.Count > 0 ? FairnessByAttribute : Fairness is { } single ? [single] : [])
        {
            text.Append(FairnessFigures.ToText(fairness));
        }

        foreach (var detector in ConceptDrift)
        {
            text.AppendLine(c, $"  concept drift ({detector.Detector}): {detector.State}{(detector.WindowDetections > 0 ? string.Create(c, $" ({detector.WindowDetections:N0} in the window)") : string.Empty)} after {detector.Observations:N0} labelled outcomes");
        }

        if (Labels is { } l)
        {
            text.AppendLine(c, $"  labels: {l.JoinedLabels:N0} joined, {l.DirectOutcomes:N0} direct, {l.UnmatchedLabels:N0} unmatched, {l.ExpiredLabels:N0} expired; {l.PendingPredictions:N0} predictions pending, {l.ExpiredPredictions + l.EvictedPredictions:N0} expired or evicted unlabelled");
        }

        return text.ToString();
    }

    private static void AppendFeatures(StringBuilder text, string title, IReadOnlyList<FeatureDrift> features)
    {
        if (features.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"  {title}:");
        var width = Math.Max(8, features.Max(f => f.Name.Length));
        foreach (var f in features)
        {
            var r = f.Result;
            var decision = r.DecisionRule == Drift.DriftDecisionRule.PValueBelowThreshold ? $"p={r.Score:G3} {(r.Drifted ? "<" : ">=")} {r.Threshold:G3}" : $"{r.Score:F3} {(r.Drifted ? ">=" : "<")} {r.Threshold:F3}";
            var missing = f.MissingShift is { Drifted: true } m ? string.Create(c, $"; missing share shifted ({m.Method} {m.Score:G3})") : string.Empty;
            text.AppendLine(c, $"    {f.Name.PadRight(width)}  {(f.Drifted ? "DRIFT" : "ok   ")}  {r.Method} ({r.Units}) {decision}{(r.IsApproximate ? string.Create(c, $", binned, error <= {r.ErrorBound:G2}") : string.Empty)}{missing}");
        }
    }
}
