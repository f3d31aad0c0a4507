using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

public sealed record Measure(double Value);

public sealed record Label(string? Name);

public class ReferenceProfileFitTests
{
    private static readonly MonitoringSchema<Measure, Label> NumberSchema = new MonitoringSchemaBuilder<Measure, Label>()
        .AddInputProperties()
        .AddPredictionProperties()
        .Build();

    [Fact]
    public void FitReference_OneToHundredInTenBins_EdgesAtDecilesAndTenPerBin()
    {
        var rows = Enumerable.Range(1, 100).Select(i => new Measure(i)).ToList();
        var profile = NumberSchema.FitReference(rows, rows.Select(_ => new Label("x")));

        var value = profile["Value"];
        Assert.Equal([1, 11, 21, 31, 41, 51, 61, 71, 81, 91, Math.BitIncrement(100.0)], value.Edges);
        Assert.All(value.Counts, c => Assert.Equal(10, c));
        Assert.Equal(100, value.Count);
        Assert.Equal(0, value.UnderflowCount + value.OverflowCount + value.MissingCount);
    }

    [Theory]
    [InlineData(10)]     // 11 edges: the vector compare
    [InlineData(200)]    // 201 edges: the binary search
    public void Profile_BinLookup_PutsEdgeValuesInTheBinTheyOpen(int bins)
    {
        var rows = Enumerable.Range(1, 1000).Select(i => new Measure(i)).ToList();
        var reference = NumberSchema.FitReference(rows, rows.Select(_ => new Label("x")), new ProfileOptions { NumericBins = bins });
        var width = 1000 / bins;
        Measure[] current = [new(0.5), new(1), new(1 + width - 0.01), new(1 + width), new(1000), new(1000.5), new(double.PositiveInfinity)];

        var value = NumberSchema.Profile(reference, current, current.Select(_ => new Label("x")))["Value"];

        Assert.Equal(bins + 1, value.Edges.Count);
        Assert.Equal(2, value.Counts[0]);
        Assert.Equal(1, value.Counts[1]);
        Assert.Equal(1, value.Counts[^1]);
        Assert.Equal(1, value.UnderflowCount);
        Assert.Equal(2, value.OverflowCount);
    }

    [Fact]
    public void FitReference_RepeatedValue_GetsASingleValueBin()
    {
        // Half the rows are exactly zero: quantile edges would collapse; zero gets the bin [0, nextUp(0)) instead.
        var rows = Enumerable.Range(0, 200).Select(i => new Measure(i < 100 ? 0 : i)).ToList();
        var value = NumberSchema.FitReference(rows, rows.Select(_ => new Label("x")))["Value"];

        var zeroBin = value.Edges.ToList().IndexOf(0.0);
        Assert.Equal(Math.BitIncrement(0.0), value.Edges[zeroBin + 1]);
        Assert.Equal(100, value.Counts[zeroBin]);
        Assert.Equal("=0", value.GetBinLabels()[zeroBin]);
        Assert.Equal(200, value.Counts.Sum());
        Assert.Equal(0.5, value.GetTopValueShare());
    }

    [Fact]
    public void Profile_ValuesOutsideReference_CountInUnderflowOverflowAndMissingBins()
    {
        var reference = NumberSchema.FitReference(Enumerable.Range(1, 100).Select(i => new Measure(i)), Enumerable.Repeat(new Label("a"), 100));
        Measure[] current = [new(-5), new(0.5), new(1), new(100), new(100.5), new(double.PositiveInfinity), new(double.NegativeInfinity), new(double.NaN)];
        var profile = NumberSchema.Profile(reference, current, current.Select(_ => new Label("a")));

        var value = profile["Value"];
        Assert.Equal(3, value.UnderflowCount);    // -5, 0.5, -inf
        Assert.Equal(2, value.OverflowCount);     // 100.5, +inf
        Assert.Equal(1, value.MissingCount);      // NaN
        Assert.Equal(2, value.InfiniteCount);
        Assert.Equal(2, value.Counts.Sum());      // 1 and 100
        Assert.Equal(6, profile.BadRowCount);      // all but 1 and 100
        Assert.Equal(8, profile.RowCount);
        Assert.Equal(8, value.Count);
        Assert.Equal(5, value.Moments!.Count);    // the finite values
    }

    [Fact]
    public void FitReference_Categories_TopBinsOtherUnseenAndMissing()
    {
        var names = new[] { "a", "a", "a", "a", "b", "b", "b", "c", "c", "d" };
        var reference = NumberSchema.FitReference(names.Select(_ => new Measure(1)), names.Select(n => new Label(n)), new ProfileOptions { TopCategories = 2 });

        var label = reference.Predictions.Single();
        Assert.Equal(FeatureKind.Categorical, label.Kind);
        Assert.Equal(["a", "b"], label.Categories);
        Assert.Equal(["c", "d"], label.OtherCategories);
        Assert.Equal([4L, 3L], label.Counts);
        Assert.Equal(3, label.OtherCount);

        Label[] current = [new("a"), new("d"), new("zz"), new("yy"), new("zz"), new(null)];
        var profile = NumberSchema.Profile(reference, current.Select(_ => new Measure(1)), current);
        var now = profile.Predictions.Single();
        Assert.Equal([1L, 0L], now.Counts);
        Assert.Equal(1, now.OtherCount);
        Assert.Equal(3, now.UnseenCount);
        Assert.Equal(1, now.MissingCount);
        Assert.Equal(["zz", "yy"], now.UnseenExamples);
        Assert.Equal(4, profile.BadRowCount);
        Assert.Equal(["a", "b", "(other)", "(unseen)", "(missing)"], now.GetBinLabels());
        Assert.Equal([1L, 0L, 1L, 3L, 1L], now.GetBinnedCounts());
    }

    [Fact]
    public void FitReference_OtherCategoriesBeyondLimit_UnknownCountsAsOtherNotUnseen()
    {
        var names = new[] { "a", "a", "b", "c", "d" };
        var reference = NumberSchema.FitReference(names.Select(_ => new Measure(1)), names.Select(n => new Label(n)), new ProfileOptions { TopCategories = 1, MaxOtherCategories = 1 });
        var label = reference.Predictions.Single();
        Assert.True(label.OtherCategoriesTruncated);

        var profile = NumberSchema.Profile(reference, [new Measure(1)], [new Label("never-seen")]);
        Assert.Equal(1, profile.Predictions.Single().OtherCount);
        Assert.Equal(0, profile.Predictions.Single().UnseenCount);
    }

    [Fact]
    public void FitReference_MomentsMatchTwoPassFormulas()
    {
        var (rows, decisions) = ProfileRows.Generate(5_000, seed: 3);
        var profile = ProfileRows.Schema.FitReference(rows, decisions);

        var incomes = rows.Select(r => r.Income).ToArray();
        var mean = incomes.Average();
        var variance = incomes.Sum(x => (x - mean) * (x - mean)) / (incomes.Length - 1);
        var moments = profile["Income"].Moments!;
        Assert.Equal(mean, moments.Mean, 1e-9 * Math.Abs(mean));
        Assert.Equal(variance, moments.Variance, 1e-9 * variance);
        Assert.Equal(incomes.Min(), moments.Min);
        Assert.Equal(incomes.Max(), moments.Max);

        var ages = rows.Where(r => r.Age is not null).Select(r => (double)r.Age!.Value).ToArray();
        Assert.Equal(ages.Length, profile["Age"].Moments!.Count);
        Assert.Equal(rows.Count - ages.Length, profile["Age"].MissingCount);
        Assert.Equal(rows.Count(r => r.HasCoSigner) / (double)rows.Count, profile["HasCoSigner"].Moments!.Mean, 1e-12);
    }

    [Fact]
    public void FitReference_EnumAndBooleanFeatures_HaveTheirKinds()
    {
        var schema = ProfileRows.Schema;
        Assert.Equal(
            [("Income", FeatureKind.Numeric), ("Age", FeatureKind.Numeric), ("Region", FeatureKind.Categorical), ("Channel", FeatureKind.Categorical), ("HasCoSigner", FeatureKind.Boolean)],
            schema.Features.Select(f => (f.Name, f.Kind)));
        Assert.Equal([("Score", FeatureKind.Numeric), ("Approved", FeatureKind.Boolean)], schema.Predictions.Select(f => (f.Name, f.Kind)));

        var (rows, decisions) = ProfileRows.Generate(300, seed: 1);
        var channel = schema.FitReference(rows, decisions)["Channel"];
        Assert.Equal(["Branch", "Partner", "Web"], channel.Categories.Order(StringComparer.Ordinal));
        Assert.Equal(["false", "true"], schema.FitReference(rows, decisions)["Approved"].Categories);
    }

    [Fact]
    public void Profile_NullRow_CountedAsBadRowWithEveryFeatureMissing()
    {
        var (rows, decisions) = ProfileRows.Generate(200, seed: 2);
        var reference = ProfileRows.Schema.FitReference(rows, decisions);

        var profile = ProfileRows.Schema.Profile(reference, [null!], [null!]);

        Assert.Equal(1, profile.RowCount);
        Assert.Equal(1, profile.BadRowCount);
        Assert.All(profile.Features.Concat(profile.Predictions), f => Assert.Equal(1, f.MissingCount));
    }

    [Fact]
    public void FitReference_DifferentLengths_Refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => NumberSchema.FitReference([new Measure(1), new Measure(2)], [new Label("a")]));
        Assert.Contains("2 input rows but 1 outputs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DuplicateNames_RefusedNamingThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MonitoringSchemaBuilder<Measure, Label>()
            .AddNumericInput("x", m => m.Value)
            .AddNumericInput("x", m => -m.Value)
            .Build());
        Assert.Contains("'x' is used 2 times", ex.Message, StringComparison.Ordinal);
    }
}
