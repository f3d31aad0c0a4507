using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// Free text in writes is bounded by the limits on <see cref="ModelOpsOptions"/>: a write over a limit is refused with
/// <see cref="InvalidRegistrationException"/> naming the field, and writes nothing; entries written under larger limits still load.
/// </summary>
public sealed class ModelRegistryWriteLimitsTests : IDisposable
{
    private const string Model = "credit";
    private static readonly string TenMegabytes = new('x', 10 * 1024 * 1024);
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task RegisterAsync_TenMegabyteTagValue_IsRefusedNamingTheTagAndStoresNothing()
    {
        await using var host = RegistryHost.Create();
        var registration = Registration(tags: new Dictionary<string, string> { ["owner"] = TenMegabytes });

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.RegisterAsync(registration));

        Assert.Equal("Tags[\"owner\"]", ex.Field);
        Assert.Contains("MaxTagValueLength", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Registry.ListModelsAsync());
        Assert.Equal(0, await host.Metadata.GetLastSequenceAsync());
    }

    [Fact]
    public async Task RegisterAsync_TwoHundredThousandTags_IsRefusedNamingTags()
    {
        await using var host = RegistryHost.Create();
        var tags = Enumerable.Range(0, 200_000).ToDictionary(i => $"t{i}", _ => "v");

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.RegisterAsync(Registration(tags: tags)));

        Assert.Equal("Tags", ex.Field);
        Assert.Equal(0, await host.Metadata.GetLastSequenceAsync());
    }

    [Theory]
    [InlineData("Parameters")]
    [InlineData("Metrics")]
    [InlineData("Description")]
    [InlineData("Reason")]
    [InlineData("Lineage.SourceRevision")]
    public async Task RegisterAsync_FieldOverItsLimit_IsRefusedNamingTheField(string field)
    {
        await using var host = RegistryHost.Create();
        var registration = field switch
        {
            "Parameters" => Registration(parameters: Enumerable.Range(0, 1025).ToDictionary(i => $"p{i}", _ => "v")),
            "Metrics" => Registration(metrics: Enumerable.Range(0, 1025).ToDictionary(i => $"m{i}", i => (double)i)),
            "Description" => Registration(description: new string('d', (64 * 1024) + 1)),
            "Reason" => Registration(reason: new string('r', 4097)),
            _ => Registration(lineage: new ModelLineage { SourceRevision = new string('s', 4097) }),
        };

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.RegisterAsync(registration));

        Assert.Equal(field, ex.Field, ignoreCase: true);
        Assert.Equal(0, await host.Metadata.GetLastSequenceAsync());
    }

    [Fact]
    public async Task AliasWrites_TenMegabyteReason_AreRefusedNamingTheReasonAndWriteNothing()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync(Model, 2);
        await host.Registry.SetAliasAsync(Model, "champion", 1);
        var before = await host.Metadata.GetLastSequenceAsync();

        Assert.Equal("reason", (await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.SetAliasAsync(Model, "champion", 2, TenMegabytes))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.MoveAliasAsync(Model, "champion", 2, 1, TenMegabytes))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.RollbackAliasAsync(Model, "champion", TenMegabytes))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.DeleteAliasAsync(Model, "champion", TenMegabytes))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.Registry.TransitionAsync(Model, 2, ModelVersionStatus.Approved, TenMegabytes))).Field);

        Assert.Equal(before, await host.Metadata.GetLastSequenceAsync());
        Assert.Equal(1, (await host.Registry.ResolveAliasAsync(Model, "champion")).Version);
    }

    [Fact]
    public async Task UpdateTagsAsync_OverTheValueOrCountLimit_IsRefusedAndWritesNothing()
    {
        await using var host = RegistryHost.Create(configure: o => o.MaxTags = 3);
        await host.Registry.RegisterAsync(Registration(tags: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
        var before = await host.Metadata.GetLastSequenceAsync();

        var value = await Assert.ThrowsAsync<InvalidRegistrationException>(() =>
            host.Registry.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["owner"] = TenMegabytes }));
        var count = await Assert.ThrowsAsync<InvalidRegistrationException>(() =>
            host.Registry.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["c"] = "3", ["d"] = "4" }));

        Assert.Equal(("Tags[\"owner\"]", "Tags"), (value.Field, count.Field));
        Assert.Equal(before, await host.Metadata.GetLastSequenceAsync());
        Assert.Equal(3, (await host.Registry.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["c"] = "3" })).Tags.Count);
    }

    [Fact]
    public async Task EntriesWrittenUnderLargerLimits_StillLoadUnderTheDefaults_AndMayShrinkButNotGrow()
    {
        var tags = Enumerable.Range(0, 300).ToDictionary(i => $"t{i}", _ => new string('v', 5000));
        var reason = new string('r', 10_000);
        await using (var generous = BuildProvider(o => (o.MaxTags, o.MaxTagValueLength, o.MaxReasonLength) = (1000, 10_000, 20_000)))
        {
            var registry = generous.GetRequiredService<IModelRegistry>();
            await registry.RegisterAsync(Registration(tags: tags));
            await registry.SetAliasAsync(Model, "champion", 1, reason);
        }

        await using var strict = BuildProvider(configure: null);
        var reader = strict.GetRequiredService<IModelRegistry>();

        var version = await reader.GetVersionAsync(Model, 1);
        Assert.Equal(300, version.Tags.Count);
        Assert.Equal(5000, version.Tags["t0"].Length);
        Assert.Equal(reason, Assert.Single(await reader.GetAliasHistoryAsync(Model, "champion")).Reason);
        Assert.Equal(1, (await reader.ResolveAliasAsync(Model, "champion")).Version);
        Assert.True((await reader.VerifyAuditLogAsync(Model)).IsValid);
        Assert.Equal(299, (await reader.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["t0"] = null })).Tags.Count);
        Assert.Equal("Tags", (await Assert.ThrowsAsync<InvalidRegistrationException>(() =>
            reader.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["new"] = "v" }))).Field);
    }

    [Theory]
    [InlineData(nameof(ModelOpsOptions.MaxTags))]
    [InlineData(nameof(ModelOpsOptions.MaxTagValueLength))]
    [InlineData(nameof(ModelOpsOptions.MaxReasonLength))]
    [InlineData(nameof(ModelOpsOptions.MaxDescriptionLength))]
    public void Options_LimitOfZero_FailsOnFirstResolutionNamingTheOption(string option)
    {
        using var provider = BuildProvider(o => typeof(ModelOpsOptions).GetProperty(option)!.SetValue(o, 0));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    private ServiceProvider BuildProvider(Action<ModelOpsOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddModelOps(configure).UseFileSystem(_root.Path);
        return services.BuildServiceProvider();
    }

    private static ModelVersionRegistration Registration(
        IReadOnlyDictionary<string, string>? tags = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, double>? metrics = null,
        string? description = null,
        string? reason = null,
        ModelLineage? lineage = null) => new()
    {
        ModelName = Model,
        Flavor = "onnx",
        Artifact = new MemoryStream(Guid.NewGuid().ToByteArray()),
        Tags = tags ?? new Dictionary<string, string>(),
        Parameters = parameters ?? new Dictionary<string, string>(),
        Metrics = metrics ?? new Dictionary<string, double>(),
        Description = description,
        Reason = reason,
        Lineage = lineage,
    };
}
