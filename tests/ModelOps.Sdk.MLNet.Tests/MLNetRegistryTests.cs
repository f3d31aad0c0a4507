using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.MLNet.Tests;

/// <summary>The flavor used the way applications use it: through the registry and the scorer factory.</summary>
public sealed class MLNetRegistryTests
{
    [Fact]
    public async Task RegisterAsync_MLNetZip_StoresTheInspectedSignature()
    {
        await using var provider = Services();
        var registry = provider.GetRequiredService<IModelRegistry>();

        var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "mlnet", Artifact = new MemoryStream(TestModels.Credit) });

        Assert.Equal(["Income", "Debt", "Age", "Label"], version.Signature.Inputs.Select(f => f.Name));
        Assert.Contains(version.Signature.Outputs, f => f.Name == "Probability" && f.DataType == "float32");
    }

    [Fact]
    public async Task RegisterAsync_CorruptZip_IsRefusedAndNothingIsStored()
    {
        await using var provider = Services();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var corrupt = MLNetFlavorTests.Corrupt(TestModels.Credit, "flipped");

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() =>
            registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "mlnet", Artifact = new MemoryStream(corrupt) }));

        Assert.Equal("mlnet", ex.Flavor);
        Assert.Empty(await registry.ListModelsAsync());
    }

    [Fact]
    public async Task ScorerFactory_AliasOnMLNetVersion_ScoresLikeTheLoadedModel()
    {
        await using var provider = Services();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var factory = provider.GetRequiredService<IModelScorerFactory>();
        var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "house", Flavor = "mlnet", Artifact = new MemoryStream(TestModels.House(2)) });
        await registry.SetAliasAsync("house", "champion", version.Version);
        var input = TestModels.HouseInputs(1, seed: 8)[0];

        await using var scorer = await factory.CreateScorerAsync<HouseInput, HouseOutput>("house", "champion");
        var scored = scorer.Score(input);

        await using var loaded = await factory.LoadAsync("house", version.Version);
        Assert.Equal(loaded.CreatePredictor<HouseInput, HouseOutput>().Predict(input).Score, scored.Value.Score);
        Assert.Equal(version.Version, scored.Model.Version);
        Assert.Equal("mlnet", scored.Model.Flavor);
    }

    [Fact]
    public async Task ScorerFactory_WrongInputType_FailsToLoadWithTheSignatureMismatch()
    {
        await using var provider = Services();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var factory = provider.GetRequiredService<IModelScorerFactory>();
        var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "mlnet", Artifact = new MemoryStream(TestModels.Credit) });

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => factory.CreatePinnedScorerAsync<HouseInput, HouseOutput>("credit", version.Version));

        var mismatch = Assert.IsType<ModelSignatureMismatchException>(ex.InnerException);
        Assert.Equal("Income", mismatch.Field);
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMLNet();
        return services.BuildServiceProvider();
    }
}
