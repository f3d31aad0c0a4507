using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Onnx.Tests.Registry;

/// <summary>The flavor as users meet it: through <c>AddModelOps().AddOnnx()</c>, the registry and the scorer factory.</summary>
public sealed class OnnxRegistryTests(CreditModel model) : IClassFixture<CreditModel>, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    private IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOnnx();
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task RegisterAsync_OnnxArtifact_CapturesTheGraphSignature()
    {
        var version = await RegisterAsync(model.OnnxBytes);

        Assert.Contains(version.Signature.Inputs, f => f is { Name: "Age", DataType: "float32" });
        Assert.Contains(version.Signature.Outputs, f => f is { Name: "Probability.output", DataType: "float32" });
    }

    [Fact]
    public async Task RegisterAsync_CorruptArtifact_IsRefusedAndNothingIsStored()
    {
        var corrupt = model.OnnxBytes[..100];

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => RegisterAsync(corrupt));

        Assert.Equal("onnx", ex.Flavor);
        Assert.Empty(await Registry.ListModelsAsync());
    }

    [Fact]
    public async Task RegisterAsync_CorruptArtifactOnTheFileSystem_LeavesNoBlobOrStagedFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "modelops-onnx-" + Guid.NewGuid().ToString("N"));
        try
        {
            var services = new ServiceCollection();
            services.AddModelOps().UseFileSystem(root).AddOnnx();
            await using (var provider = services.BuildServiceProvider())
            {
                var registry = provider.GetRequiredService<IModelRegistry>();
                using var corrupt = new MemoryStream(model.OnnxBytes[..100]);

                await Assert.ThrowsAsync<InvalidModelArtifactException>(() =>
                    registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = corrupt }));

                Assert.Empty(await registry.ListModelsAsync());
            }

            Assert.Empty(FilesUnder(Path.Combine(root, "blobs")));
            Assert.Empty(FilesUnder(Path.Combine(root, "tmp")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task CreatePinnedScorerAsync_ScoresLikeMLNetAndNamesTheVersion()
    {
        var version = await RegisterAsync(model.OnnxBytes);
        var factory = _services.GetRequiredService<IModelScorerFactory>();
        await using var scorer = await factory.CreatePinnedScorerAsync<CreditFeatures, CreditPrediction>("credit", version.Version);
        var engine = model.MLContext.Model.CreatePredictionEngine<CreditInput, CreditPrediction>(model.Transformer);
        var rows = CreditModel.Generate(32, seed: 50);

        foreach (var row in rows)
        {
            var scored = scorer.Score(CreditModel.ToFeatures(row));

            Assert.Equal(engine.Predict(row).Probability, scored.Value.Probability, 1e-5);
            Assert.Equal(version.Version, scored.Model.Version);
            Assert.Equal("onnx", scored.Model.Flavor);
            Assert.Equal(model.Sha256, scored.Model.ArtifactSha256);
        }

        var outputs = new CreditPrediction[rows.Count];
        scorer.ScoreBatch(rows.Select(CreditModel.ToFeatures).ToArray(), outputs);
        Assert.Equal(engine.Predict(rows[7]).Probability, outputs[7].Probability, 1e-5);
    }

    private Task<ModelVersion> RegisterAsync(byte[] bytes) =>
        Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream(bytes) });

    private static string[] FilesUnder(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
}
