using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Reports;

/// <summary>
/// The evidence contract between this package and its readers: what <see cref="EvidenceJson"/> reads from a stored report or profile
/// is what the producer's <c>ToSummary</c> says it holds.
/// </summary>
public class EvidenceSummaryTests
{
    private static readonly SyntheticLoans Normal = new();

    [Fact]
    public void ReadMonitoringSummary_OfAStoredDriftedReportWithFairness_EqualsTheReportsSummary()
    {
        var (referenceRows, referenceDecisions) = Normal.Generate(2_000, seed: 7);
        var reference = ProfileRows.Schema.FitReference(referenceRows, referenceDecisions);
        var (rows, decisions) = new SyntheticLoans(IncomeMean: 80_000, NewRegionShare: 0.5, AgeMissingShare: 0.5).Generate(2_000, seed: 8);
        var small = new GroupOutcomeCounts();
        small.Add(new FairnessGroup("x"), selected: true, actualPositive: true);
        var report = DriftAnalyzer.Analyze(reference, ProfileRows.Schema.Profile(reference, rows, decisions)) with
        {
            ModelName = "credit",
            ModelVersion = 3,
            WindowStartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)),
            FairnessByAttribute = [Fairness("gender", 60, 30), FairnessMetrics.Compute(small) with { Attribute = "region" }],
            Fairness = Fairness("gender", 60, 30),
        };
        report = report with { DataQuality = report.DataQuality with { SignatureIssues = [new SignatureIssue("Income", "missing from the signature")] } };

        var expected = report.ToSummary();
        var read = EvidenceJson.ReadMonitoringSummary(report.ToJson());

        Assert.True(expected.DatasetDrifted);
        Assert.Contains("Income", expected.DriftedFeatures);
        Assert.Equal(2, expected.Fairness.Count);
        Assert.NotNull(expected.Fairness[1].InsufficientReason);
        Assert.Equal(expected with { DriftedFeatures = [], SignatureIssues = [], Fairness = [] }, read with { DriftedFeatures = [], SignatureIssues = [], Fairness = [] });
        Assert.Equal(expected.DriftedFeatures, read.DriftedFeatures);
        Assert.Equal(expected.SignatureIssues, read.SignatureIssues);
        Assert.Equal(expected.Fairness, read.Fairness);
    }

    [Fact]
    public void ReadReferenceProfileSummary_OfAStoredProfile_EqualsTheProfilesSummary()
    {
        var (rows, decisions) = Normal.Generate(500, seed: 3);
        var profile = ProfileRows.Schema.FitReference(rows, decisions);

        var expected = profile.ToSummary();
        var read = EvidenceJson.ReadReferenceProfileSummary(profile.ToJson());

        Assert.Equal(500, read.RowCount);
        Assert.Equal(expected.SchemaVersion, read.SchemaVersion);
        Assert.Equal(expected.BadRowCount, read.BadRowCount);
        Assert.Equal(expected.Features, read.Features);
        Assert.Equal(expected.Predictions, read.Predictions);
        Assert.NotEmpty(read.Predictions);
    }

    private static FairnessReport Fairness(string attribute, int firstSelected, int secondSelected)
    {
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < 100; i++)
        {
            counts.Add(new FairnessGroup("f"), selected: i < firstSelected, actualPositive: i < 55);
            counts.Add(new FairnessGroup("m"), selected: i < secondSelected, actualPositive: i < 55);
        }

        return FairnessMetrics.Compute(counts) with { Attribute = attribute };
    }
}
