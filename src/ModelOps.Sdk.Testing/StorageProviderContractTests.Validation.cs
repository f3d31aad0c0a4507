namespace ModelOps.Sdk.Testing;

public abstract partial class StorageProviderContractTests
{
    /// <summary>Gets model names the registry must refuse: path separators, dot-dot, control characters, reserved device names, over-long and empty names.</summary>
    public static TheoryData<string> InvalidModelNames { get; } =
    [
        "credit/approval", "credit\\approval", "..", "a..b", "../etc", "credit\u0000", "cre\ndit", "CON", "con", "com1.txt", "LPT9", "nul.tar.gz",
        new string('m', 129), string.Empty, ".hidden", "-dash", "trailing.", "with space", "modèle", "$registry",
    ];

    /// <summary>Gets alias names the registry must refuse: all digits (they read as versions), and the model-name rules.</summary>
    public static TheoryData<string> InvalidAliasNames { get; } =
    [
        "123", "0", "champion/1", "..", "AUX", "com1.txt", "a\u0007", new string('a', 65), string.Empty,
    ];

    /// <summary>A registration with an invalid model name throws <see cref="InvalidModelNameException"/> naming it, and stores nothing at all.</summary>
    /// <param name="name">The invalid name.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [MemberData(nameof(InvalidModelNames))]
    public async Task RegisterAsync_InvalidModelName_ThrowsAndStoresNothing(string name)
    {
        await using var h = await StartAsync();
        var content = RandomBytes(100, 99);

        var ex = await Assert.ThrowsAsync<InvalidModelNameException>(() => h.Registry.RegisterAsync(NewRegistration(name, content)));

        Assert.Equal("model", ex.NameKind);
        Assert.Equal(name, ex.Name);
        Assert.False(string.IsNullOrWhiteSpace(ex.Rule));
        await AssertNothingStoredAsync(h, content);
    }

    /// <summary>An invalid alias name is refused with <see cref="InvalidModelNameException"/> by every alias operation, and nothing is stored.</summary>
    /// <param name="alias">The invalid alias.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [MemberData(nameof(InvalidAliasNames))]
    public async Task AliasOperations_InvalidAliasName_ThrowAndStoreNothing(string alias)
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 1);
        var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

        var ex = await Assert.ThrowsAsync<InvalidModelNameException>(() => h.Registry.SetAliasAsync("credit", alias, 1));
        await Assert.ThrowsAsync<InvalidModelNameException>(() => h.Registry.MoveAliasAsync("credit", alias, 1, null));
        await Assert.ThrowsAsync<InvalidModelNameException>(() => h.Registry.RollbackAliasAsync("credit", alias, "reason"));
        await Assert.ThrowsAsync<InvalidModelNameException>(() => h.Registry.DeleteAliasAsync("credit", alias));
        await Assert.ThrowsAsync<InvalidModelNameException>(async () => await h.Registry.ResolveAliasAsync("credit", alias));

        Assert.Equal(("alias", alias), (ex.NameKind, ex.Name));
        Assert.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
    }

    /// <summary>Asking for a model, version or alias that does not exist throws the matching not-found exception carrying the names.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task Lookups_UnknownModelVersionOrAlias_ThrowNotFoundExceptionsWithProperties()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 2);

        var model = await Assert.ThrowsAsync<ModelNotFoundException>(async () => await h.Registry.GetVersionAsync("fraud", 1));
        var version = await Assert.ThrowsAsync<ModelVersionNotFoundException>(async () => await h.Registry.GetVersionAsync("credit", 3));
        var zero = await Assert.ThrowsAsync<ModelVersionNotFoundException>(async () => await h.Registry.GetVersionAsync("credit", 0));
        var alias = await Assert.ThrowsAsync<AliasNotFoundException>(async () => await h.Registry.ResolveAliasAsync("credit", "champion"));
        var byAlias = await Assert.ThrowsAsync<AliasNotFoundException>(async () => await h.Registry.GetVersionByAliasAsync("credit", "champion"));
        var setToMissing = await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => h.Registry.SetAliasAsync("credit", "champion", 7));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => h.Registry.SetAliasAsync("fraud", "champion", 1));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => h.Registry.OpenArtifactAsync("fraud", 1));
        await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => h.Registry.TransitionAsync("credit", 9, ModelVersionStatus.Approved));
        await Assert.ThrowsAsync<AliasNotFoundException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "why"));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "fraud", Kind = "card", Name = "main", Content = "{}"u8.ToArray() }));
        await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 3, Kind = "card", Name = "main", Content = "{}"u8.ToArray() }));

        Assert.Equal("fraud", model.ModelName);
        Assert.Equal(("credit", 3), (version.ModelName, version.Version));
        Assert.Equal(0, zero.Version);
        Assert.Equal(("credit", "champion"), (alias.ModelName, alias.Alias));
        Assert.Equal("champion", byAlias.Alias);
        Assert.Equal(7, setToMissing.Version);
        Assert.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", ClockStart.AddYears(1)));
    }

    /// <summary>A non-finite metric is refused with <see cref="InvalidRegistrationException"/> naming the metric, and nothing is stored.</summary>
    /// <param name="value">The non-finite value.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task RegisterAsync_NonFiniteMetric_ThrowsAndStoresNothing(double value)
    {
        await using var h = await StartAsync();
        var content = RandomBytes(100, 98);

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new MemoryStream(content),
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9, ["auc"] = value },
        }));

        Assert.Equal("credit", ex.ModelName);
        Assert.Equal("Metrics[\"auc\"]", ex.Field);
        await AssertNothingStoredAsync(h, content);
    }

    /// <summary>An input example that is not JSON is refused with <see cref="InvalidRegistrationException"/> naming the field, and nothing is stored.</summary>
    /// <param name="example">The invalid example.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [InlineData("{\"income\": ")]
    [InlineData("not json")]
    [InlineData("{'single': 'quotes'}")]
    [InlineData("")]
    public async Task RegisterAsync_InvalidInputExampleJson_ThrowsAndStoresNothing(string example)
    {
        await using var h = await StartAsync();
        var content = RandomBytes(100, 97);

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new MemoryStream(content),
            InputExample = example,
        }));

        Assert.Equal("InputExample", ex.Field);
        await AssertNothingStoredAsync(h, content);
    }

    /// <summary>A parent version that does not exist is refused with <see cref="InvalidRegistrationException"/> naming <c>Lineage.ParentVersion</c>, and the artifact is not stored.</summary>
    /// <param name="parent">The bad parent version.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(int.MaxValue)]
    public async Task RegisterAsync_UnknownParentVersion_ThrowsAndStoresNothing(int parent)
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 1);
        var sequence = await h.Storage.Metadata.GetLastSequenceAsync();
        var content = RandomBytes(100, 96);

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new MemoryStream(content),
            Lineage = new ModelLineage { ParentVersion = parent },
        }));

        Assert.Equal("Lineage.ParentVersion", ex.Field);
        Assert.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
        Assert.False(await h.Storage.Artifacts.ExistsAsync(Sha256Hex(content)));
        Assert.Equal(2, (await h.Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new MemoryStream(content),
            Lineage = new ModelLineage { ParentVersion = 1 },
        })).Lineage.ParentVersion is 1 ? 2 : -1);
    }

    private static async Task AssertNothingStoredAsync(Harness h, byte[] content)
    {
        Assert.Equal(0, await h.Storage.Metadata.GetLastSequenceAsync());
        Assert.Empty(await ToListAsync(h.Storage.Metadata.ReadAsync(0)));
        Assert.False(await h.Storage.Artifacts.ExistsAsync(Sha256Hex(content)));
        Assert.Empty(await h.Registry.ListModelsAsync());
    }
}
