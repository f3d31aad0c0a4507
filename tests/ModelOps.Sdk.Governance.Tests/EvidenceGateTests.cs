using System.Text.Json;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>
/// Gates that read the evidence other packages attach to a version: ONNX parity, reference profile, validation drift, data
/// quality, fairness (from a real <see cref="MonitoringReport"/> saved by the monitoring package), and the model card.
/// </summary>
public sealed class EvidenceGateTests
{
    private const string Model = GovernanceHost.Model;

    [Fact]
    public async Task OnnxParity_ReadsTheExportsParityReport_ThroughTheSourcesLineage()
    {
        await using var host = GovernanceHost.Create(o => o.DefaultPolicy.Gates.Add(new OnnxParityGate(tolerance: 1e-5)));
        var source = await host.RegisterAsync(auc: 0.9);
        var noCheck = await host.As("alice").Governance.EvaluateGatesAsync(Model, source.Version);
        Assert.Equal("version 1 has no ONNX parity check (run CheckParityAsync on its export)", Assert.Single(noCheck.Failures).Reason);

        var export = await host.As("rita").Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "onnx",
            Artifact = new MemoryStream([9, 9, 9]),
            Lineage = new ModelLineage { ParentVersion = source.Version },
        });
        await AttachParityAsync(host, export.Version, source.Version, new() { ["Score"] = 3e-7, ["Probability"] = 8e-6 });

        var passed = await host.As("alice").Governance.EvaluateGatesAsync(Model, source.Version);
        var onExport = await host.Governance.EvaluateGatesAsync(Model, export.Version);
        Assert.True(passed.Passed);
        Assert.Equal(8e-6, passed.Results[0].Figures["maxAbsDiff.Probability"]);
        Assert.Equal(export.Version, passed.Results[0].Figures["exportVersion"]);
        Assert.True(onExport.Passed);

        await AttachParityAsync(host, export.Version, source.Version, new() { ["Score"] = 0.002 }, mismatches: 1);
        var failed = await host.As("alice").Governance.EvaluateGatesAsync(Model, source.Version);
        Assert.Equal("export version 2 differs by up to 0.002 (tolerance 1E-05) with 1 non-numeric mismatch(es)", Assert.Single(failed.Failures).Reason);
    }

    [Fact]
    public async Task DataGates_ReferenceProfileDriftAndQuality_PassAndFailOnTheValidationReport()
    {
        await using var host = GovernanceHost.Create(o =>
        {
            o.DefaultPolicy.Gates.Add(new ReferenceProfileGate());
            o.DefaultPolicy.Gates.Add(new ValidationDriftGate(maximumDriftedShare: 0.2));
            o.DefaultPolicy.Gates.Add(new DataQualityGate(maximumBadRowShare: 0.01));
        });
        var v1 = await host.RegisterAsync(auc: 0.9);

        var nothing = await host.As("alice").Governance.EvaluateGatesAsync(Model, v1.Version);
        Assert.Equal(
            ["version 1 has no reference profile", "version 1 has no 'validation' monitoring report (save one with SaveMonitoringReportAsync)", "version 1 has no 'validation' monitoring report (save one with SaveMonitoringReportAsync)"],
            nothing.Failures.Select(f => f.Reason));

        await host.Registry.SaveReferenceProfileAsync(Model, v1.Version, Profile());
        await host.Registry.SaveMonitoringReportAsync(Model, v1.Version, Report(drifted: ["income", "debt"], featureCount: 5, badRowShare: 0.05));
        var bad = await host.Governance.EvaluateGatesAsync(Model, v1.Version);
        Assert.True(bad.Results[0].Passed);
        Assert.Equal("40.0% of features drifted on the validation data (income, debt); at most 20.0% is allowed", bad.Results[1].Reason);
        Assert.Equal(0.4, bad.Results[1].Figures["driftedShare"]);
        Assert.Equal("5.00% of rows are bad (at most 1.00%)", bad.Results[2].Reason);
        Assert.Equal(["income", "debt"], (await host.Registry.LoadMonitoringReportAsync(Model, v1.Version))!.DatasetDrift.DriftedFeatures);
        Assert.Null(await host.Registry.LoadMonitoringReportAsync(Model, v1.Version, name: "production-2026-11"));

        await host.Registry.SaveMonitoringReportAsync(Model, v1.Version, Report(drifted: ["income"], featureCount: 5, badRowShare: 0.001));
        Assert.True((await host.Governance.EvaluateGatesAsync(Model, v1.Version)).Passed);
    }

    [Fact]
    public async Task Fairness_DemographicParityRatioBelowTheFourFifthsRule_Fails_AndAFixedVersionPasses()
    {
        await using var host = GovernanceHost.Create(o => o.DefaultPolicy.Gates.Add(new FairnessGate(["gender"], 0.8, maximumEqualizedOddsDifference: 0.1)));
        var biased = await host.RegisterAsync(auc: 0.9);
        var fixedVersion = await host.RegisterAsync(auc: 0.89);

        // Selection 60% for f and 30% for m: ratio 0.5 (Fairlearn's demographic_parity_ratio); labels make TPR/FPR gaps.
        await host.Registry.SaveMonitoringReportAsync(Model, biased.Version, Report(fairness: Fairness(fSelected: 60, mSelected: 30)));
        await host.Registry.SaveMonitoringReportAsync(Model, fixedVersion.Version, Report(fairness: Fairness(fSelected: 50, mSelected: 48)));

        var refused = await host.As("alice").Governance.EvaluateGatesAsync(Model, biased.Version);
        var failure = Assert.Single(refused.Failures);
        Assert.Contains("demographic parity ratio for 'gender' is 0.5, below the minimum 0.8", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0.5, failure.Figures["gender.demographicParityRatio"], 12);
        Assert.True((await host.Governance.EvaluateGatesAsync(Model, fixedVersion.Version)).Passed);

        var other = await host.RegisterAsync(auc: 0.9);
        await host.Registry.SaveMonitoringReportAsync(Model, other.Version, Report(fairness: Fairness(60, 30) with { Attribute = "region" }));
        Assert.Equal("the validation report has no fairness results for 'gender'", Assert.Single((await host.As("alice").Governance.EvaluateGatesAsync(Model, other.Version)).Failures).Reason);
    }

    [Fact]
    public async Task ModelCard_FilledFromMetadataAndEvidence_RendersMarkdownAndJson_AndTheDocumentationGateNamesMissingFields()
    {
        await using var host = GovernanceHost.Create(o =>
        {
            o.DefaultPolicy.Gates.Add(new ModelCardGate());
            o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.8));
        });
        var v1 = await host.RegisterAsync(auc: 0.91);
        await host.Registry.SaveMonitoringReportAsync(Model, v1.Version, Report(fairness: Fairness(50, 48)));

        var undocumented = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(Model, v1.Version);
        Assert.Equal("the model card of version 1 lacks IntendedUse, Limitations, Owner, TrainingData", Assert.Single(undocumented.Failures).Reason);

        await host.Registry.UpdateTagsAsync(Model, v1.Version, new Dictionary<string, string?> { ["owner"] = "credit-risk-team" });
        var card = await host.Governance.SaveModelCardAsync(Model, v1.Version, new ModelCardContent
        {
            IntendedUse = "Pre-screening of consumer credit applications in the EU.",
            Limitations = "Not for business loans; not validated for applicants under 21.",
            TrainingData = "2023-2025 applications, 48k rows, EU branches.",
        });
        var outcome = await host.Governance.ApproveAsync(Model, v1.Version, "card complete");
        card = await host.Governance.GetModelCardAsync(Model, v1.Version);

        Assert.True(outcome.IsApproved);
        Assert.Equal("credit-risk-team", card.Owner);
        Assert.Equal(0.91, card.EvaluationResults["auc"]);
        Assert.Equal(ModelVersionStatus.Approved, card.Status);
        Assert.Equal(["alice"], card.Approvers);
        Assert.True(card.GatesPassed);
        var fairness = Assert.Single(card.FairnessResults);
        Assert.Equal(("gender", 0.96), (fairness.Attribute, Math.Round(fairness.DemographicParityRatio!.Value, 2)));
        var markdown = card.ToMarkdown();
        Assert.Contains("# Model card: credit version 1", markdown, StringComparison.Ordinal);
        Assert.Contains("| auc | 0.91 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- Input `income`: float32", markdown, StringComparison.Ordinal);
        Assert.Contains("| gender | 0.96 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Not for business loans", markdown, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(card.ToJson());
        Assert.Equal("Approved", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("credit-risk-team", json.RootElement.GetProperty("owner").GetString());
    }

    private static Task AttachParityAsync(GovernanceHost host, int export, int source, Dictionary<string, double> differences, int mismatches = 0) =>
        // The JSON of ModelOps.Sdk.MLNet.Onnx's OnnxParityReport (web defaults); its own tests check the gate against a real export.
        host.Registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = Model,
            Version = export,
            Kind = DocumentKinds.OnnxParity,
            Name = $"v{source}",
            Content = JsonSerializer.SerializeToUtf8Bytes(new
            {
                modelName = Model,
                sourceVersion = source,
                exportVersion = export,
                sampleSize = 200,
                maxAbsoluteDifference = differences,
                mismatches = mismatches == 0 ? new Dictionary<string, int>() : new Dictionary<string, int> { ["PredictedLabel"] = mismatches },
            }),
        });

    private static DataProfile Profile()
    {
        var rows = Enumerable.Range(0, 200).Select(i => new Applicant { Income = 1000 + (i * 10), Region = i % 3 == 0 ? "EU" : "US" }).ToList();
        var decisions = rows.Select(r => new Decision { Approved = r.Income > 1800 }).ToList();
        return MonitoringSchema.FromProperties<Applicant, Decision>().FitReference(rows, decisions);
    }

    private static FairnessReport Fairness(int fSelected, int mSelected)
    {
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < 100; i++)
        {
            counts.Add(new FairnessGroup("f"), selected: i < fSelected, actualPositive: i < 55);
            counts.Add(new FairnessGroup("m"), selected: i < mSelected, actualPositive: i < 55);
        }

        return FairnessMetrics.Compute(counts) with { Attribute = "gender" };
    }

    private static MonitoringReport Report(IReadOnlyList<string>? drifted = null, int featureCount = 5, double badRowShare = 0, FairnessReport? fairness = null)
    {
        drifted ??= [];
        return new MonitoringReport
        {
            ModelName = Model,
            Features = [],
            DatasetDrift = new DatasetDriftSummary(featureCount, drifted.Count, (double)drifted.Count / featureCount, 0.5, false, default, drifted),
            DataQuality = new DataQualityReport { RowCount = 1000, BadRowCount = (long)(badRowShare * 1000), BadRowShare = badRowShare, Features = [] },
            FairnessByAttribute = fairness is null ? [] : [fairness],
        };
    }

    public sealed class Applicant
    {
        public double Income { get; set; }

        public string Region { get; set; } = "";
    }

    public sealed class Decision
    {
        public bool Approved { get; set; }
    }
}
