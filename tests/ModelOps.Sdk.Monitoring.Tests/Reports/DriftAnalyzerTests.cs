using ModelOps.Sdk.Monitoring.Drift;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Reports;

/// <summary>
/// Power and false alarms on synthetic data, on both paths of the automatic choice: small references (500 rows: binned
/// Kolmogorov–Smirnov and chi-square at alpha 0.05) and large ones (5,000 rows: binned Wasserstein and Jensen–Shannon at Evidently's
/// thresholds). Every run is seeded.
/// </summary>
public class DriftAnalyzerTests
{
    private static readonly SyntheticLoans Normal = new();

    private static DataProfile Reference(int rows, int seed = 100)
    {
        var (r, d) = Normal.Generate(rows, seed);
        return ProfileRows.Schema.FitReference(r, d);
    }

    private static MonitoringReport Analyze(DataProfile reference, SyntheticLoans current, int rows, int seed, DriftOptions? options = null)
    {
        var (r, d) = current.Generate(rows, seed);
        return DriftAnalyzer.Analyze(reference, ProfileRows.Schema.Profile(reference, r, d), options);
    }

    private static FeatureDrift Feature(MonitoringReport report, string name) =>
        report.Features.Concat(report.Predictions).Single(f => f.Name == name);

    [Fact]
    public void AutomaticChoice_FollowsKindAndSampleSize()
    {
        var small = Analyze(Reference(500), Normal, 500, seed: 2);
        Assert.Equal(DriftMethod.KolmogorovSmirnov, Feature(small, "Income").Result.Method);
        Assert.Equal(DriftMethod.ChiSquare, Feature(small, "Region").Result.Method);
        Assert.Equal(DriftMethod.ChiSquare, Feature(small, "HasCoSigner").Result.Method);
        Assert.NotNull(Feature(small, "Age").MissingShift);
        Assert.True(Feature(small, "Income").Result.IsApproximate);

        var large = Analyze(Reference(5_000), Normal, 5_000, seed: 2);
        Assert.Equal(DriftMethod.WassersteinDistance, Feature(large, "Income").Result.Method);
        Assert.Equal(DriftMethod.JensenShannonDistance, Feature(large, "Region").Result.Method);
        Assert.Equal(DriftDefaults.JensenShannonThreshold, Feature(large, "Region").Result.Threshold);
        Assert.Equal(0.1, Feature(large, "Income").Result.Threshold);
        Assert.Contains("5,000 reference rows > 1,000", Feature(large, "Income").Selection, StringComparison.Ordinal);
    }

    [Fact]
    public void IdenticalDistributions_FalseAlarmRateWithinAlpha()
    {
        // 200 pairs of reference and window drawn from the same distribution: each feature's test should fire in about 5% of
        // them. (A fixed reference would not do: an unusual reference sample makes every window look different from it.)
        var alarms = new Dictionary<string, int>();
        const int Trials = 200;
        for (var t = 0; t < Trials; t++)
        {
            var report = Analyze(Reference(500, seed: 5_000 + t), Normal, 500, seed: 1_000 + t);
            foreach (var f in report.Features)
            {
                alarms[f.Name] = alarms.GetValueOrDefault(f.Name) + (f.Drifted ? 1 : 0);
            }
        }

        // alpha 0.05 plus three binomial standard deviations (sqrt(0.05 * 0.95 / 200) = 0.015); Age has two tests (values, missing share).
        Assert.All(alarms, a => Assert.True(a.Value / (double)Trials <= (a.Key == "Age" ? 0.10 + 0.045 : 0.05 + 0.045), $"{a.Key}: {a.Value} false alarms in {Trials}"));
    }

    [Fact]
    public void IdenticalDistributions_LargeSamples_NoDrift()
    {
        var reference = Reference(5_000);
        for (var t = 0; t < 10; t++)
        {
            var report = Analyze(reference, Normal, 5_000, seed: 2_000 + t);
            Assert.DoesNotContain(report.Features.Concat(report.Predictions), f => f.Drifted);
            Assert.False(report.DatasetDrift.Drifted);
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void MeanShift_Detected(int rows)
    {
        var report = Analyze(Reference(rows), Normal with { IncomeMean = 50_000 + 7_500 }, rows, seed: 3);   // half a standard deviation
        Assert.True(Feature(report, "Income").Drifted);
        Assert.True(Feature(report, "Score").Drifted);          // prediction drift follows
        Assert.True(report.PredictionDrifted);
        Assert.False(Feature(report, "Region").Drifted);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void VarianceChange_Detected(int rows)
    {
        var report = Analyze(Reference(rows), Normal with { IncomeSd = 30_000 }, rows, seed: 4);
        Assert.True(Feature(report, "Income").Drifted);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void NewCategory_Detected(int rows)
    {
        var report = Analyze(Reference(rows), Normal with { NewRegionShare = 0.2 }, rows, seed: 5);
        Assert.True(Feature(report, "Region").Drifted);
        Assert.Equal(["MARS"], report.DataQuality.Features.Single(f => f.Name == "Region").UnseenExamples);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void MissingValuesRise_Detected(int rows)
    {
        var report = Analyze(Reference(rows), Normal with { AgeMissingShare = 0.3 }, rows, seed: 6);
        var age = Feature(report, "Age");
        Assert.True(age.Drifted);
        Assert.True(age.MissingShift!.Drifted);
    }

    [Fact]
    public void Override_MethodAndThresholdPerFeature()
    {
        var options = new DriftOptions();
        options.Features["Income"] = new FeatureDriftOptions { Method = DriftMethod.PopulationStabilityIndex, Threshold = 0.25 };
        var report = Analyze(Reference(5_000), Normal, 5_000, seed: 7, options);

        var income = Feature(report, "Income");
        Assert.Equal(DriftMethod.PopulationStabilityIndex, income.Result.Method);
        Assert.Equal(0.25, income.Result.Threshold);
        Assert.Equal("override", income.Selection);
        Assert.Null(income.MissingShift);
    }

    [Fact]
    public void Override_OrderedMethodOnCategory_RefusedNamingTheFeature()
    {
        var options = new DriftOptions();
        options.Features["Region"] = new FeatureDriftOptions { Method = DriftMethod.KolmogorovSmirnov };
        var ex = Assert.Throws<ArgumentException>(() => Analyze(Reference(500), Normal, 500, seed: 8, options));
        Assert.Contains("'Region'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetDrift_ShareOfDriftedFeatures()
    {
        var shifted = Normal with { IncomeMean = 65_000, NewRegionShare = 0.3, AgeMissingShare = 0.4 };
        var report = Analyze(Reference(5_000), shifted, 5_000, seed: 9);

        Assert.Equal(5, report.DatasetDrift.FeatureCount);
        Assert.Equal(["Income", "Age", "Region"], report.DatasetDrift.DriftedFeatures);
        Assert.Equal(0.6, report.DatasetDrift.DriftedShare, 12);
        Assert.True(report.DatasetDrift.Drifted);
        Assert.True(report.HasAlerts);
    }

    [Fact]
    public void JensenShannonThreshold_IsEvidentlysNaturalLogThresholdInBase2()
    {
        // scipy.spatial.distance.jensenshannon uses the natural log unless base= is given; Evidently compares that with 0.1.
        // Divergence in bits = divergence in nats / ln 2, so distance in bits = distance in nats / sqrt(ln 2).
        long[] reference = [400, 300, 200, 100];
        long[] current = [300, 300, 250, 150];
        var result = JensenShannonDistance.Compute(reference, current, smoothing: 0);
        var p = reference.Select(c => c / 1000.0).ToArray();
        var q = current.Select(c => c / 1000.0).ToArray();
        var m = p.Zip(q, (a, b) => (a + b) / 2).ToArray();
        double Kl(double[] x) => x.Select((v, i) => v * Math.Log(v / m[i])).Sum();
        var natural = Math.Sqrt((Kl(p) + Kl(q)) / 2);

        Assert.Equal(natural / Math.Sqrt(Math.Log(2)), result.Statistic, 12);
        Assert.Equal(0.1 / Math.Sqrt(Math.Log(2)), DriftDefaults.JensenShannonThreshold, 15);
        Assert.Equal(0.1201, DriftDefaults.JensenShannonThreshold, 4);
        Assert.Equal(natural >= 0.1, result.Statistic >= DriftDefaults.JensenShannonThreshold);
    }

    [Fact]
    public void Report_JsonRoundTripAndTextSummary()
    {
        var report = Analyze(Reference(5_000), Normal with { IncomeMean = 60_000, NewRegionShare = 0.2 }, 5_000, seed: 10);

        var back = MonitoringReport.FromJson(report.ToJson());
        Assert.Equal(report.ToJson(), back.ToJson());
        Assert.Equal(MonitoringReport.CurrentSchemaVersion, back.SchemaVersion);

        var text = report.ToText();
        Assert.Contains("dataset drift:", text, StringComparison.Ordinal);
        Assert.Contains("Income", text, StringComparison.Ordinal);
        Assert.Contains("DRIFT", text, StringComparison.Ordinal);
        Assert.Contains("unseen categories", text, StringComparison.Ordinal);
        Assert.Contains("MARS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NewerSchemaVersion_Refused()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Analyze(Reference(500), Normal, 500, seed: 11).ToJson())!;
        json["schemaVersion"] = 2;
        var ex = Assert.Throws<ProfileFormatException>(() => MonitoringReport.FromJson(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
        Assert.Equal(2, ex.SchemaVersion);
    }

    [Fact]
    public void DriftScores_DoNotDependOnRowOrder()
    {
        var reference = Reference(500);
        var (rows, decisions) = (Normal with { IncomeMean = 55_000 }).Generate(400, seed: 12);
        var order = Enumerable.Range(0, rows.Count).OrderBy(i => (i * 7919) % 400).ToArray();
        var a = DriftAnalyzer.Analyze(reference, ProfileRows.Schema.Profile(reference, rows, decisions));
        var b = DriftAnalyzer.Analyze(reference, ProfileRows.Schema.Profile(reference, order.Select(i => rows[i]), order.Select(i => decisions[i])));

        Assert.Equal(a.Features.Select(f => f.Result.Statistic), b.Features.Select(f => f.Result.Statistic));
    }
}
