using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Quality;

public class DataQualityTests
{
    private static readonly Lazy<DataProfile> Reference = new(() =>
    {
        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 31);
        return ProfileRows.Schema.FitReference(rows, decisions);
    });

    [Fact]
    public void Evaluate_BadRows_CountedPerFeatureAndNeverDropped()
    {
        using var monitor = new StreamingMonitor<LoanRow, LoanDecision>(ProfileRows.Schema, Reference.Value, new StreamingMonitorOptions { WindowRows = 1_000, WindowDuration = null });
        var (rows, decisions) = ProfileRows.Generate(990, seed: 32);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        // Ten bad rows: NaN, +inf, far out of range, an unseen region, a null row.
        LoanRow[] bad =
        [
            rows[0] with { Income = double.NaN }, rows[0] with { Income = double.PositiveInfinity }, rows[0] with { Income = -1e9 },
            rows[0] with { Income = 1e9 }, rows[0] with { Region = "ATLANTIS" }, rows[0] with { Region = "ATLANTIS" },
            rows[0] with { Region = null }, rows[0] with { Income = double.NegativeInfinity }, rows[0] with { Region = "MU" }, null!,
        ];
        foreach (var row in bad)
        {
            monitor.Observe(row, decisions[0]);
        }

        var report = DataQuality.Evaluate(Reference.Value, monitor.LastWindow!.Profile);

        var goodRowsWithIssues = ProfileRows.Schema.Profile(Reference.Value, rows, decisions).BadRowCount;   // missing ages, edge values
        Assert.Equal(1_000, report.RowCount);
        Assert.Equal(goodRowsWithIssues + 10, report.BadRowCount);
        var income = report.Features.Single(f => f.Name == "Income");
        Assert.Equal(2, income.MissingCount);           // NaN and the null row
        Assert.Equal(2, income.InfiniteCount);
        Assert.True(income.BelowRangeCount >= 2);       // -1e9 and -inf
        Assert.True(income.AboveRangeCount >= 2);       // 1e9 and +inf
        var region = report.Features.Single(f => f.Name == "Region");
        Assert.Equal(3, region.UnseenCount);
        Assert.Equal(["ATLANTIS", "MU"], region.UnseenExamples);
        Assert.Equal(2, region.MissingCount);
        Assert.True(region.HasIssues);
    }

    [Fact]
    public void Evaluate_ColumnBecomesConstant_FlaggedAlmostConstantAndAlerts()
    {
        var (rows, decisions) = ProfileRows.Generate(1_000, seed: 33);
        var current = ProfileRows.Schema.Profile(Reference.Value, rows.Select((r, i) => r with { Region = i < 960 ? "EU" : r.Region }), decisions);

        var report = DataQuality.Evaluate(Reference.Value, current);

        var region = report.Features.Single(f => f.Name == "Region");
        Assert.True(region.AlmostConstant);
        Assert.InRange(region.TopValueShare!.Value, 0.96, 0.98);
        Assert.True(report.Alert);
        Assert.False(report.Features.Single(f => f.Name == "Income").AlmostConstant);
    }

    [Fact]
    public void Evaluate_CleanWindow_NoAlert()
    {
        var (rows, decisions) = ProfileRows.Generate(1_000, seed: 34);
        var report = DataQuality.Evaluate(Reference.Value, ProfileRows.Schema.Profile(Reference.Value, rows, decisions), new DataQualityOptions { BadRowShareAlert = 0.2 });

        Assert.False(report.Alert);
        Assert.InRange(report.Features.Single(f => f.Name == "Age").MissingShare, 0.02, 0.08);
    }

    [Fact]
    public void CheckSignature_TypeShapeAndMissingFields_Reported()
    {
        var signature = new ModelSignature(
            [
                new SignatureField("income", "float64"),
                new SignatureField("age", "string"),
                new SignatureField("region", "string"),
                new SignatureField("channel", "string"),
                new SignatureField("hascosigner", "bool"),
                new SignatureField("embedding", "float32", [1, 16]),
                new SignatureField("optional_note", "string", IsOptional: true),
            ],
            [new SignatureField("score", "float32"), new SignatureField("approved", "bool")]);

        var issues = DataQuality.CheckSignature(ProfileRows.Schema, signature);

        Assert.Equal(["age", "embedding"], issues.Select(i => i.Field));
        Assert.Contains("the schema reads Numeric from Int32", issues[0].Problem, StringComparison.Ordinal);
        Assert.Contains("is not monitored", issues[1].Problem, StringComparison.Ordinal);
    }
}
