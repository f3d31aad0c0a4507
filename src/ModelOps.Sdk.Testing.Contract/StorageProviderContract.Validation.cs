namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>Gets model names the registry must refuse: path separators, dot-dot, control characters, reserved device names, over-long and empty names.</summary>
    public static IReadOnlyList<string> InvalidModelNames { get; } =
    [
        "credit/approval", "credit\\approval", "..", "a..b", "../etc", "credit\u0000", "cre\ndit", "CON", "con", "com1.txt", "LPT9", "nul.tar.gz",
        new string('m', 129), string.Empty, ".hidden", "-dash", "trailing.", "with space", "modèle", "$registry",
    ];

    /// <summary>Gets alias names the registry must refuse: all digits (they read as versions), and the model-name rules.</summary>
    public static IReadOnlyList<string> InvalidAliasNames { get; } =
    [
        "123", "0", "champion/1", "..", "AUX", "com1.txt", "a\u0007", new string('a', 65), string.Empty,
    ];

    /// <summary>A registration with an invalid model name throws <see cref="InvalidModelNameException"/> naming it, and stores nothing at all.</summary>
    /// <param name="name">The invalid name.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_InvalidModelName_ThrowsAndStoresNothing(string name) => CheckAsync(
        "A registration with an invalid model name throws InvalidModelNameException naming it, and stores nothing at all.",
        async () =>
        {
            await using var h = await StartAsync();
            var content = RandomBytes(100, 99);

            var ex = await Check.ThrowsAsync<InvalidModelNameException>(() => h.Registry.RegisterAsync(NewRegistration(name, content)));

            Check.Equal("model", ex.NameKind);
            Check.Equal(name, ex.Name);
            Check.False(string.IsNullOrWhiteSpace(ex.Rule));
            await AssertNothingStoredAsync(h, content);
        });

    /// <summary>An invalid alias name is refused with <see cref="InvalidModelNameException"/> by every alias operation, and nothing is stored.</summary>
    /// <param name="alias">The invalid alias.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AliasOperations_InvalidAliasName_ThrowAndStoreNothing(string alias) => CheckAsync(
        "An invalid alias name is refused with InvalidModelNameException by every alias operation, and nothing is stored.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 1);
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

            var ex = await Check.ThrowsAsync<InvalidModelNameException>(() => h.Registry.SetAliasAsync("credit", alias, 1));
            await Check.ThrowsAsync<InvalidModelNameException>(() => h.Registry.MoveAliasAsync("credit", alias, 1, null));
            await Check.ThrowsAsync<InvalidModelNameException>(() => h.Registry.RollbackAliasAsync("credit", alias, "reason"));
            await Check.ThrowsAsync<InvalidModelNameException>(() => h.Registry.DeleteAliasAsync("credit", alias));
            await Check.ThrowsAsync<InvalidModelNameException>(async () => await h.Registry.ResolveAliasAsync("credit", alias));

            Check.Equal(("alias", alias), (ex.NameKind, ex.Name));
            Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
        });

    /// <summary>Asking for a model, version or alias that does not exist throws the matching not-found exception carrying the names.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task Lookups_UnknownModelVersionOrAlias_ThrowNotFoundExceptionsWithProperties() => CheckAsync(
        "Asking for a model, version or alias that does not exist throws the matching not-found exception carrying the names.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);

            var model = await Check.ThrowsAsync<ModelNotFoundException>(async () => await h.Registry.GetVersionAsync("fraud", 1));
            var version = await Check.ThrowsAsync<ModelVersionNotFoundException>(async () => await h.Registry.GetVersionAsync("credit", 3));
            var zero = await Check.ThrowsAsync<ModelVersionNotFoundException>(async () => await h.Registry.GetVersionAsync("credit", 0));
            var alias = await Check.ThrowsAsync<AliasNotFoundException>(async () => await h.Registry.ResolveAliasAsync("credit", "champion"));
            var byAlias = await Check.ThrowsAsync<AliasNotFoundException>(async () => await h.Registry.GetVersionByAliasAsync("credit", "champion"));
            var setToMissing = await Check.ThrowsAsync<ModelVersionNotFoundException>(() => h.Registry.SetAliasAsync("credit", "champion", 7));
            await Check.ThrowsAsync<ModelNotFoundException>(() => h.Registry.SetAliasAsync("fraud", "champion", 1));
            await Check.ThrowsAsync<ModelNotFoundException>(() => h.Registry.OpenArtifactAsync("fraud", 1));
            await Check.ThrowsAsync<ModelVersionNotFoundException>(() => h.Registry.TransitionAsync("credit", 9, ModelVersionStatus.Approved));
            await Check.ThrowsAsync<AliasNotFoundException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "why"));
            await Check.ThrowsAsync<ModelNotFoundException>(() => h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "fraud", Kind = "card", Name = "main", Content = "{}"u8.ToArray() }));
            await Check.ThrowsAsync<ModelVersionNotFoundException>(() => h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 3, Kind = "card", Name = "main", Content = "{}"u8.ToArray() }));

            Check.Equal("fraud", model.ModelName);
            Check.Equal(("credit", 3), (version.ModelName, version.Version));
            Check.Equal(0, zero.Version);
            Check.Equal(("credit", "champion"), (alias.ModelName, alias.Alias));
            Check.Equal("champion", byAlias.Alias);
            Check.Equal(7, setToMissing.Version);
            Check.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", ClockStart.AddYears(1)));
        });

    /// <summary>A non-finite metric is refused with <see cref="InvalidRegistrationException"/> naming the metric, and nothing is stored.</summary>
    /// <param name="value">The non-finite value.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_NonFiniteMetric_ThrowsAndStoresNothing(double value) => CheckAsync(
        "A non-finite metric is refused with InvalidRegistrationException naming the metric, and nothing is stored.",
        async () =>
        {
            await using var h = await StartAsync();
            var content = RandomBytes(100, 98);

            var ex = await Check.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "onnx",
                Artifact = new MemoryStream(content),
                Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9, ["auc"] = value },
            }));

            Check.Equal("credit", ex.ModelName);
            Check.Equal("Metrics[\"auc\"]", ex.Field);
            await AssertNothingStoredAsync(h, content);
        });

    /// <summary>An input example that is not JSON is refused with <see cref="InvalidRegistrationException"/> naming the field, and nothing is stored.</summary>
    /// <param name="example">The invalid example.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_InvalidInputExampleJson_ThrowsAndStoresNothing(string example) => CheckAsync(
        "An input example that is not JSON is refused with InvalidRegistrationException naming the field, and nothing is stored.",
        async () =>
        {
            await using var h = await StartAsync();
            var content = RandomBytes(100, 97);

            var ex = await Check.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "onnx",
                Artifact = new MemoryStream(content),
                InputExample = example,
            }));

            Check.Equal("InputExample", ex.Field);
            await AssertNothingStoredAsync(h, content);
        });

    /// <summary>A parent version that does not exist is refused with <see cref="InvalidRegistrationException"/> naming <c>Lineage.ParentVersion</c>, and the artifact is not stored.</summary>
    /// <param name="parent">The bad parent version.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_UnknownParentVersion_ThrowsAndStoresNothing(int parent) => CheckAsync(
        "A parent version that does not exist is refused with InvalidRegistrationException naming Lineage.ParentVersion, and the artifact is not stored.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 1);
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();
            var content = RandomBytes(100, 96);

            var ex = await Check.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "onnx",
                Artifact = new MemoryStream(content),
                Lineage = new ModelLineage { ParentVersion = parent },
            }));

            Check.Equal("Lineage.ParentVersion", ex.Field);
            Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
            Check.False(await h.Storage.Artifacts.ExistsAsync(Sha256Hex(content)));
            Check.Equal(2, (await h.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "onnx",
                Artifact = new MemoryStream(content),
                Lineage = new ModelLineage { ParentVersion = 1 },
            })).Lineage.ParentVersion is 1 ? 2 : -1);
        });

    private static async Task AssertNothingStoredAsync(Harness h, byte[] content)
    {
        Check.Equal(0, await h.Storage.Metadata.GetLastSequenceAsync());
        Check.Empty(await ToListAsync(h.Storage.Metadata.ReadAsync(0)));
        Check.False(await h.Storage.Artifacts.ExistsAsync(Sha256Hex(content)));
        Check.Empty(await h.Registry.ListModelsAsync());
    }
}
