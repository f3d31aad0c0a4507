using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

public class ReferenceProfileRegistryTests
{
    internal static async Task<(ServiceProvider Provider, IModelRegistry Registry, ModelVersion Version)> RegistryWithVersionAsync(string model = "loans")
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory();
        var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await using var artifact = new MemoryStream([1, 2, 3]);
        var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = model, Flavor = "custom", Artifact = artifact });
        return (provider, registry, version);
    }

    [Fact]
    public async Task SaveThenLoad_ReturnsTheSameProfile()
    {
        var (provider, registry, version) = await RegistryWithVersionAsync();
        await using var _ = provider;
        var (rows, decisions) = ProfileRows.Generate(500, seed: 4);
        var profile = ProfileRows.Schema.FitReference(rows, decisions);

        var document = await registry.SaveReferenceProfileAsync("loans", version.Version, profile, reason: "fitted on training data");
        var loaded = await registry.LoadReferenceProfileAsync("loans", version.Version);

        Assert.Equal(DocumentKinds.ReferenceProfile, document.Kind);
        Assert.Equal("application/json", document.MediaType);
        ProfileAssert.Equivalent(profile, loaded, relativeTolerance: 0);
    }

    [Fact]
    public async Task Load_SavedTwice_ReturnsLatestRevision()
    {
        var (provider, registry, version) = await RegistryWithVersionAsync();
        await using var _ = provider;
        var (rows, decisions) = ProfileRows.Generate(500, seed: 4);
        await registry.SaveReferenceProfileAsync("loans", version.Version, ProfileRows.Schema.FitReference(rows.Take(100), decisions.Take(100)));
        var second = await registry.SaveReferenceProfileAsync("loans", version.Version, ProfileRows.Schema.FitReference(rows, decisions));

        var loaded = await registry.LoadReferenceProfileAsync("loans", version.Version);

        Assert.Equal(2, second.Revision);
        Assert.Equal(500, loaded.RowCount);
    }

    [Fact]
    public async Task Load_NoProfile_ThrowsNamingModelAndVersion()
    {
        var (provider, registry, version) = await RegistryWithVersionAsync();
        await using var _ = provider;

        var ex = await Assert.ThrowsAsync<ReferenceProfileNotFoundException>(() => registry.LoadReferenceProfileAsync("loans", version.Version));

        Assert.Equal("loans", ex.ModelName);
        Assert.Equal(version.Version, ex.Version);
    }
}
