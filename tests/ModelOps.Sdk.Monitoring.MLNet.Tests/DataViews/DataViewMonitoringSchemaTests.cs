using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Monitoring.MLNet.DataViews;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.MLNet.Tests.DataViews;

public sealed class DataViewMonitoringSchemaTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("modelops-dataview-").FullName;
    private readonly List<ScoredApplicant> _rows = Applicants.Generate(3_000, seed: 7);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DataProfile TypedReference(List<ScoredApplicant> rows) =>
        MonitoringSchema.FromProperties<Applicant, Decision>().FitReference(rows.Select(Applicants.Input), rows.Select(Applicants.Output));

    [Fact]
    public void FitReference_LoadFromEnumerable_EqualsTheProfileOfTheSameTypedRows()
    {
        var view = _ml.Data.LoadFromEnumerable(_rows);
        var schema = DataViewMonitoringSchema.Create(view.Schema, Applicants.Features, Applicants.Predictions);

        var fromView = schema.FitReference(view);
        var fromRows = TypedReference(_rows);

        Assert.Equal(Encoding.UTF8.GetString(fromRows.ToJson()), Encoding.UTF8.GetString(fromView.ToJson()));
        Assert.Equal(_rows.Count(r => float.IsNaN(r.Income)), fromView["Income"].MissingCount);
        Assert.Equal(_rows.Count(r => r.Region is null), fromView["Region"].MissingCount);
        Assert.True(fromView["Income"].MissingCount > 0 && fromView["Region"].MissingCount > 0);
        Assert.Equal(FeatureKind.Numeric, fromView["Dependents"].Kind);
        Assert.Equal(FeatureKind.Boolean, fromView["Approved"].Kind);
    }

    [Fact]
    public void FitReference_TextFileWithEmptyFields_EqualsTheProfileOfTheSameTypedRows()
    {
        var path = Path.Combine(_directory, "applicants.csv");
        var c = CultureInfo.InvariantCulture;
        File.WriteAllLines(path, _rows.Select(r => string.Join(
            ',',
            float.IsNaN(r.Income) ? string.Empty : r.Income.ToString("R", c),
            r.Debt.ToString("R", c),
            r.Age.ToString(c),
            r.Dependents.ToString(c),
            r.Region ?? string.Empty,
            r.HasCoSigner ? "true" : "false",
            r.Score.ToString("R", c),
            r.Approved ? "true" : "false")));

        // Without MissingRealsAsNaNs ML.NET reads an empty Single or Double field as 0, not as missing.
        var view = _ml.Data.LoadFromTextFile<ScoredApplicantText>(path, new TextLoader.Options { Separators = [','], MissingRealsAsNaNs = true });
        var schema = DataViewMonitoringSchema.Create(view.Schema, Applicants.Features, Applicants.Predictions);

        var fromFile = schema.FitReference(view);

        Assert.Equal(Encoding.UTF8.GetString(TypedReference(_rows).ToJson()), Encoding.UTF8.GetString(fromFile.ToJson()));
        Assert.Equal(_rows.Count(r => float.IsNaN(r.Income)), fromFile["Income"].MissingCount);
        Assert.Equal(_rows.Count(r => r.Region is null), fromFile["Region"].MissingCount);
    }

    [Fact]
    public void FitReference_ScoredByATrainedModel_EqualsTheProfileOfTheTypedPredictions()
    {
        // A real model trained in the test: its Score, Probability and PredictedLabel columns are the predictions.
        var training = _ml.Data.LoadFromEnumerable(_rows.Where(r => !float.IsNaN(r.Income)).Select(r => new TrainingRow
        {
            Income = r.Income,
            Debt = (float)r.Debt,
            Label = r.Income - (r.Debt * 2) > 30_000,
        }));
        var pipeline = _ml.Transforms.Concatenate("Features", nameof(TrainingRow.Income), nameof(TrainingRow.Debt))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20));
        var model = pipeline.Fit(training);
        var scored = model.Transform(training);

        var schema = DataViewMonitoringSchema.Create(scored.Schema, ["Income", "Debt"], ["Score", "Probability", "PredictedLabel"]);
        var fromView = schema.FitReference(scored);

        var typed = _ml.Data.CreateEnumerable<ScoredTrainingRow>(scored, reuseRowObject: false).ToList();
        var typedSchema = new MonitoringSchemaBuilder<ScoredTrainingRow, ScoredTrainingRow>()
            .AddNumericInput("Income", r => r.Income)
            .AddNumericInput("Debt", r => r.Debt)
            .AddNumericPrediction("Score", r => r.Score)
            .AddNumericPrediction("Probability", r => r.Probability)
            .AddBooleanPrediction("PredictedLabel", r => r.PredictedLabel)
            .Build();
        var fromRows = typedSchema.FitReference(typed, typed);

        Assert.Equal(Encoding.UTF8.GetString(fromRows.ToJson()), Encoding.UTF8.GetString(fromView.ToJson()));
        Assert.Equal(typed.Count(r => r.PredictedLabel), fromView["PredictedLabel"].Counts[1]);
    }

    [Fact]
    public void Create_VectorColumnNamed_ThrowsNamingTheColumnAndItsType()
    {
        var view = _ml.Transforms.Concatenate("Features", "Income", "Score").Fit(_ml.Data.LoadFromEnumerable(_rows)).Transform(_ml.Data.LoadFromEnumerable(_rows));

        var ex = Assert.Throws<DataViewColumnException>(() => DataViewMonitoringSchema.Create(view.Schema, ["Income", "Features"]));

        Assert.Equal("Features", ex.ColumnName);
        Assert.Contains("Vector", ex.ColumnType, StringComparison.Ordinal);
        Assert.Contains("'Features'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoColumnsNamed_MonitorsEveryScalarColumnAndSkipsVectors()
    {
        var view = _ml.Transforms.Concatenate("Features", "Income", "Score").Fit(_ml.Data.LoadFromEnumerable(_rows)).Transform(_ml.Data.LoadFromEnumerable(_rows));

        var schema = DataViewMonitoringSchema.Create(view.Schema, predictions: Applicants.Predictions);

        Assert.Equal(Applicants.Features, schema.Schema.Features.Select(f => f.Name));
        Assert.Equal(Applicants.Predictions, schema.Schema.Predictions.Select(f => f.Name));
    }

    [Fact]
    public void Create_UnknownColumn_ThrowsNamingIt()
    {
        var view = _ml.Data.LoadFromEnumerable(_rows);

        var ex = Assert.Throws<DataViewColumnException>(() => DataViewMonitoringSchema.Create(view.Schema, ["Income", "Salary"]));

        Assert.Equal("Salary", ex.ColumnName);
        Assert.Null(ex.ColumnType);
    }

    [Fact]
    public void Create_ColumnNamedAsFeatureAndPrediction_ThrowsNamingIt()
    {
        var view = _ml.Data.LoadFromEnumerable(_rows);

        var ex = Assert.Throws<ArgumentException>(() => DataViewMonitoringSchema.Create(view.Schema, ["Income", "Score"], ["Score"]));

        Assert.Contains("'Score' is named 2 times", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_DataViewWithAColumnOfAnotherType_ThrowsNamingTheColumn()
    {
        var view = _ml.Data.LoadFromEnumerable(_rows);
        var schema = DataViewMonitoringSchema.Create(view.Schema, ["Income", "Age"]);
        var reference = schema.FitReference(view);
        var other = _ml.Transforms.Conversion.ConvertType("Age", outputKind: DataKind.Single).Fit(view).Transform(view);

        var ex = Assert.Throws<DataViewColumnException>(() => schema.Profile(reference, other));

        Assert.Equal("Age", ex.ColumnName);
    }

    [Fact]
    public void KeyColumn_ProfilesLikeTheTextColumnItWasMappedFrom()
    {
        var view = _ml.Transforms.Conversion.MapValueToKey("RegionKey", "Region").Fit(_ml.Data.LoadFromEnumerable(_rows)).Transform(_ml.Data.LoadFromEnumerable(_rows));
        var schema = DataViewMonitoringSchema.Create(view.Schema, ["Region", "RegionKey"]);

        var profile = schema.FitReference(view);

        Assert.Equal(profile["Region"].Categories, profile["RegionKey"].Categories);
        Assert.Equal(profile["Region"].Counts, profile["RegionKey"].Counts);
        Assert.Equal(profile["Region"].Count, profile["RegionKey"].Count);
    }

    [Fact]
    public void Observe_StreamingMonitorOverADataView_CountsWhatTheBatchProfileCounts()
    {
        var view = _ml.Data.LoadFromEnumerable(_rows);
        var schema = DataViewMonitoringSchema.Create(view.Schema, Applicants.Features, Applicants.Predictions);
        var reference = schema.FitReference(view);
        var current = _ml.Data.LoadFromEnumerable(Applicants.Generate(1_000, seed: 8, incomeShift: 20_000, newRegion: "MEA"));
        using var monitor = new StreamingMonitor<DataViewValues, DataViewValues>(schema.Schema, reference, new StreamingMonitorOptions { WindowDuration = TimeSpan.FromHours(1) }, new FakeTimeProvider());

        var observed = schema.Observe(monitor, current);
        var streamed = monitor.GetCurrentProfile();
        var batch = schema.Profile(reference, current);

        Assert.Equal(1_000, observed);
        Assert.Equal(Encoding.UTF8.GetString(batch.ToJson()), Encoding.UTF8.GetString(streamed.ToJson()));
        var report = schema.Analyze(reference, current);
        Assert.True(report.Features.Single(f => f.Name == "Income").Drifted);
        Assert.False(report.Features.Single(f => f.Name == "Debt").Drifted);
        Assert.Contains("MEA", report.DataQuality.Features.Single(f => f.Name == "Region").UnseenExamples);
    }

    public sealed class TrainingRow
    {
        public float Income { get; set; }

        public float Debt { get; set; }

        public bool Label { get; set; }
    }

    public sealed class ScoredTrainingRow
    {
        public float Income { get; set; }

        public float Debt { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
