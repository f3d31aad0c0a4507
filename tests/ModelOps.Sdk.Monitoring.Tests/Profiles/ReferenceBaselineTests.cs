using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

/// <summary>The baselines other packages read from a reference profile (occlusion's reference values) are its median and most frequent values.</summary>
public sealed class ReferenceBaselineTests
{
    [Theory]
    [InlineData(1001)]
    [InlineData(1000)]
    [InlineData(7)]
    public void ToSummary_NumericFeature_BaselineIsTheReferenceMedianWithinOneValue(int count)
    {
        // Shuffled 0 .. count-1: the median is (count - 1) / 2; the grouped-data estimate lands within one value of it.
        var random = new Random(3);
        var rows = Enumerable.Range(0, count).Select(i => new Row(i, i % 10 < 6 ? "retail" : i % 10 < 9 ? "business" : "private", i % 3 == 0)).OrderBy(_ => random.Next()).ToArray();

        var baselines = Fit(rows).Baselines.ToDictionary(b => b.Name);

        Assert.InRange(baselines["amount"].Median!.Value, ((count - 1) / 2.0) - 1, ((count - 1) / 2.0) + 1);
        Assert.Null(baselines["amount"].MostFrequent);
        Assert.Equal("retail", baselines["segment"].MostFrequent);
        Assert.Equal("false", baselines["flag"].MostFrequent);
        Assert.Null(baselines["segment"].Median);
    }

    [Fact]
    public void ToSummary_ConstantFeature_MedianIsTheConstant()
    {
        var rows = Enumerable.Repeat(new Row(42.5, "retail", true), 50).ToArray();

        var baseline = Fit(rows).Baselines.Single(b => b.Name == "amount");

        Assert.Equal(42.5, baseline.Median);
    }

    [Fact]
    public void ToSummary_AgreesWithTheSummaryReadFromTheStoredProfile()
    {
        var rows = Enumerable.Range(0, 300).Select(i => new Row(Math.Sqrt(i), i % 2 == 0 ? "a" : "b", i % 5 == 0)).ToArray();
        var profile = Schema().FitReference(rows, rows);

        var read = EvidenceJson.ReadReferenceProfileSummary(profile.ToJson());

        Assert.Equal(read.Baselines, profile.ToSummary().Baselines);
        Assert.Equal(3, read.Baselines.Count);
    }

    private static ReferenceProfileSummary Fit(Row[] rows) => Schema().FitReference(rows, rows).ToSummary();

    private static MonitoringSchema<Row, Row> Schema() => new MonitoringSchemaBuilder<Row, Row>()
        .AddNumericInput("amount", r => r.Amount)
        .AddCategoricalInput("segment", r => r.Segment)
        .AddBooleanInput("flag", r => r.Flag)
        .Build();

    private sealed record Row(double Amount, string Segment, bool Flag);
}
