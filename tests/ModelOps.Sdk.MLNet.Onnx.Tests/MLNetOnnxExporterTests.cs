using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.MLNet.Onnx.Tests;

public sealed class LoanInput
{
    public float Income { get; set; }

    public float Debt { get; set; }

    public float Age { get; set; }

    public bool Label { get; set; }
}

public sealed class LoanOutput
{
    [ColumnName("PredictedLabel")]
    public bool Declined { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}

public sealed class MLNetOnnxExporterTests : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    private IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    private MLNetOnnxExporter Exporter => _services.GetRequiredService<MLNetOnnxExporter>();

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMLNet().AddOnnx().AddMLNetOnnxExport();
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task ExportAsync_MLNetVersion_RegistersAnOnnxVersionWhoseLineagePointsToTheSource()
    {
        var source = await RegisterTrainedAsync();

        var export = await Exporter.ExportAsync("loans", source.Version, Sample(50));

        Assert.Equal("onnx", export.Flavor);
        Assert.Equal(source.Version + 1, export.Version);
        Assert.Equal(source.Version, export.Lineage.ParentVersion);
        Assert.Equal(source.Lineage.TrainingDataFingerprint, export.Lineage.TrainingDataFingerprint);
        Assert.Equal($"loans:{source.Version}", export.Tags["exported-from"]);
        Assert.Contains(export.Signature.Inputs, i => i.Name == "Income");
        Assert.Contains(export.Signature.Outputs, o => o.Name == "Probability.output");
    }

    [Fact]
    public async Task CheckParityAsync_Export_MatchesTheSourceWithinOneMillionthAndAttachesTheReport()
    {
        var source = await RegisterTrainedAsync();
        var sample = Sample(300);
        var export = await Exporter.ExportAsync("loans", source.Version, sample);

        var report = await Exporter.CheckParityAsync<LoanInput, LoanOutput>("loans", source.Version, export.Version, sample);

        Assert.Equal(300, report.SampleSize);
        Assert.True(report.IsWithin(1e-5), $"worst difference {report.WorstAbsoluteDifference}");
        Assert.Equal(["Probability", "Score"], report.MaxAbsoluteDifference.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, report.Mismatches["Declined"]);
        var document = Assert.Single(await Registry.ListDocumentsAsync("loans", export.Version, DocumentKinds.OnnxParity));
        using var json = JsonDocument.Parse((await Registry.ReadDocumentAsync(document)).ToArray());
        Assert.Equal(source.Version, json.RootElement.GetProperty("sourceVersion").GetInt32());
    }

    [Fact]
    public async Task OnnxParityGate_ReadsTheReportTheExporterAttached_ForTheSourceAndForTheExport()
    {
        var source = await RegisterTrainedAsync();
        var sample = Sample(100);
        var export = await Exporter.ExportAsync("loans", source.Version, sample);
        var gate = new ModelOps.Sdk.Governance.Gates.OnnxParityGate(tolerance: 1e-5);
        var before = await gate.EvaluateAsync(new(Registry, source, null), default);

        var report = await Exporter.CheckParityAsync<LoanInput, LoanOutput>("loans", source.Version, export.Version, sample);
        var forSource = await gate.EvaluateAsync(new(Registry, source, null), default);
        var forExport = await gate.EvaluateAsync(new(Registry, await Registry.GetVersionAsync("loans", export.Version), null), default);

        Assert.False(before.Passed);
        Assert.True(forSource.Passed, forSource.Reason);
        Assert.True(forExport.Passed, forExport.Reason);
        Assert.Equal(export.Version, forSource.Figures["exportVersion"]);
        Assert.Equal(report.MaxAbsoluteDifference["Probability"], forSource.Figures["maxAbsDiff.Probability"]);
        Assert.Equal(100, forSource.Figures["sampleSize"]);
    }

    [Fact]
    public async Task ExportedVersion_ScoredByAliasWithTheMLNetTypes_AnswersLikeTheSource()
    {
        var source = await RegisterTrainedAsync();
        var export = await Exporter.ExportAsync("loans", source.Version, Sample(20));
        await Registry.SetAliasAsync("loans", "champion", source.Version);
        var factory = _services.GetRequiredService<IModelScorerFactory>();
        await using var scorer = await factory.CreateScorerAsync<LoanInput, LoanOutput>("loans", "champion");
        var input = new LoanInput { Income = 0.4f, Debt = 0.7f, Age = 0.3f };
        var before = scorer.Score(input);

        await Registry.SetAliasAsync("loans", "champion", export.Version);
        await scorer.ReloadAsync();
        var after = scorer.Score(input);

        Assert.Equal("mlnet", before.Model.Flavor);
        Assert.Equal("onnx", after.Model.Flavor);
        Assert.Equal(before.Value.Probability, after.Value.Probability, 5);
        Assert.Equal(before.Value.Declined, after.Value.Declined);
    }

    [Fact]
    public async Task ExportAsync_SourceIsNotMLNet_ThrowsNamingTheVersion()
    {
        await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "scorecard", Artifact = new MemoryStream([1]) });

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => Exporter.ExportAsync("loans", 1, Sample(5)));

        Assert.Equal("sourceVersion", ex.Field);
        Assert.Contains("scorecard", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_EmptySample_ThrowsAndRegistersNothing()
    {
        var source = await RegisterTrainedAsync();

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => Exporter.ExportAsync<LoanInput>("loans", source.Version, []));

        Assert.Equal("sample", ex.Field);
        Assert.Equal(source.Version, (await Registry.ListModelsAsync()).Single().LatestVersion);
    }

    private static List<LoanInput> Sample(int count)
    {
        var random = new Random(5);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var income = (float)random.NextDouble();
            var debt = (float)random.NextDouble();
            var age = (float)random.NextDouble();
            return new LoanInput { Income = income, Debt = debt, Age = age, Label = debt - income + (0.2 * random.NextDouble()) > 0.1 };
        }).ToList();
    }

    private async Task<ModelVersion> RegisterTrainedAsync()
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(Sample(500));
        var model = ml.Transforms.Concatenate("Features", nameof(LoanInput.Income), nameof(LoanInput.Debt), nameof(LoanInput.Age))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(data);
        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        zip.Position = 0;
        return await Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "loans",
            Flavor = "mlnet",
            Artifact = zip,
            Lineage = new ModelLineage { TrainingDataFingerprint = "sha256:training-sample-5" },
        });
    }
}
