namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>Sixteen concurrent registrations of one model get the version numbers 1 to 16, each once.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_SixteenConcurrentWriters_AssignGaplessVersions() => CheckAsync(
        "Sixteen concurrent registrations of one model get the version numbers 1 to 16, each once.",
        async () =>
        {
            await using var h = await StartAsync();

            var versions = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => h.Registry.RegisterAsync(NewRegistration("credit")))))
                .WaitAsync(WaitTimeout);

            Check.Equal(Enumerable.Range(1, 16), versions.Select(v => v.Version).Order());
            var page = await h.Registry.ListVersionsAsync("credit", pageSize: 1000);
            Check.Equal(Enumerable.Range(1, 16), page.Items.Select(v => v.Version));
            Check.True((await h.Registry.VerifyAuditLogAsync("credit")).IsValid);
        });

    /// <summary>Two registries over two store instances of the same storage, registering concurrently, never hand out a number twice or skip one.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_ConcurrentWritersOnTwoInstances_AssignGaplessVersions() => CheckAsync(
        "Two registries over two store instances of the same storage, registering concurrently, never hand out a number twice or skip one.",
        async () =>
        {
            await using var h = await StartAsync();
            var second = await h.AddSecondRegistryAsync();
            IModelRegistry[] registries = [h.Registry, second];

            var versions = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => registries[i % 2].RegisterAsync(NewRegistration("credit")))))
                .WaitAsync(WaitTimeout * 2);

            Check.Equal(Enumerable.Range(1, 16), versions.Select(v => v.Version).Order());
            Check.Equal(16, versions.Select(v => v.Artifact.Sha256).Distinct(StringComparer.Ordinal).Count());
            await second.RefreshAsync();
            await h.Registry.RefreshAsync();
            foreach (var registry in registries)
            {
                var page = await registry.ListVersionsAsync("credit", pageSize: 1000);
                Check.Equal(Enumerable.Range(1, 16), page.Items.Select(v => v.Version));
                foreach (var version in versions)
                {
                    Check.Equal(version.Artifact, page.Items[version.Version - 1].Artifact);
                }
            }

            Check.True((await second.VerifyAuditLogAsync("credit")).IsValid);
        });

    /// <summary>A registration retried with the same idempotency key returns the first version and stores nothing new, also from another instance.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_SameIdempotencyKey_ReturnsTheSameVersion() => CheckAsync(
        "A registration retried with the same idempotency key returns the first version and stores nothing new, also from another instance.",
        async () =>
        {
            await using var h = await StartAsync();
            var first = await h.Registry.RegisterAsync(NewRegistration("credit", idempotencyKey: "run-2026-03-01"));
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

            var retried = await h.Registry.RegisterAsync(NewRegistration("credit", idempotencyKey: "run-2026-03-01"));
            var fromOther = await (await h.AddSecondRegistryAsync()).RegisterAsync(NewRegistration("credit", idempotencyKey: "run-2026-03-01"));
            var another = await h.Registry.RegisterAsync(NewRegistration("credit", idempotencyKey: "run-2026-03-02"));

            Check.Equal(1, first.Version);
            Check.Equal(first, retried);
            Check.Equal(first.Version, fromOther.Version);
            Check.Equal(first.Artifact, fromOther.Artifact);
            Check.Equal(2, another.Version);
            Check.Equal(sequence + 1, await h.Storage.Metadata.GetLastSequenceAsync());
        });

    /// <summary>Everything given at registration reads back unchanged, from this registry and from a fresh one over the same storage, and the artifact and extra files are byte-exact.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_AllFields_ReadBackUnchangedFromAnyInstance() => CheckAsync(
        "Everything given at registration reads back unchanged, from this registry and from a fresh one over the same storage, and the artifact and extra files are byte-exact.",
        async () =>
        {
            await using var h = await StartAsync();
            var artifact = RandomBytes(200_000, 5);
            var vocabulary = RandomBytes(3_000, 6);
            var registration = new ModelVersionRegistration
            {
                ModelName = "credit-approval.v2",
                Flavor = "onnx",
                Artifact = new MemoryStream(artifact),
                ExtraFiles = new Dictionary<string, Stream> { ["vocab.json"] = new MemoryStream(vocabulary), ["empty.bin"] = new MemoryStream() },
                Signature = new ModelSignature([new SignatureField("income", "float32", [-1, 1]), new SignatureField("région", "string", IsOptional: true)], [new SignatureField("score", "float32")]),
                Metrics = new Dictionary<string, double> { ["auc"] = 0.9123456789012345, ["log loss"] = 1e-300, ["drift ✓"] = -0.0 },
                Parameters = new Dictionary<string, string> { ["learning_rate"] = "0.05", ["note"] = "multi\nline \"quoted\" ✓" },
                Tags = new Dictionary<string, string> { ["team"] = "risk", ["stage"] = "" },
                Description = "Gradient-boosted trees, recalibrated — see the model card.",
                Lineage = new ModelLineage { TrainingDataFingerprint = "sha256:abc", SourceRevision = "9f1c2e", CreatedBy = "pipeline#42" },
                InputExample = "{\"income\": [52000.5], \"région\": \"Île-de-France\"}",
                Reason = "first candidate",
            };

            var registered = await h.Registry.RegisterAsync(registration);
            var fetched = await h.Registry.GetVersionAsync("credit-approval.v2", 1);
            h.Time.Advance(TimeSpan.FromSeconds(5));
            var fromOther = await (await h.AddSecondRegistryAsync()).GetVersionAsync("credit-approval.v2", 1);

            foreach (var version in new[] { registered, fetched, fromOther })
            {
                Check.Equal(1, version.Version);
                Check.Equal("onnx", version.Flavor);
                Check.Equal(Sha256Hex(artifact), version.Artifact.Sha256);
                Check.Equal(artifact.Length, version.Artifact.Length);
                Check.Equal(["empty.bin", "vocab.json"], version.ExtraFiles.Select(f => f.Name));
                Check.Equal(registration.Signature.Inputs.Select(f => (f.Name, f.DataType, f.IsOptional, string.Join(",", f.Shape ?? []))), version.Signature.Inputs.Select(f => (f.Name, f.DataType, f.IsOptional, string.Join(",", f.Shape ?? []))));
                Check.Equal(registration.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal), version.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal));
                Check.Equal(registration.Parameters.OrderBy(m => m.Key, StringComparer.Ordinal), version.Parameters.OrderBy(m => m.Key, StringComparer.Ordinal));
                Check.Equal(registration.Tags.OrderBy(m => m.Key, StringComparer.Ordinal), version.Tags.OrderBy(m => m.Key, StringComparer.Ordinal));
                Check.Equal(registration.Description, version.Description);
                Check.Equal(registration.Lineage, version.Lineage);
                Check.Equal(registration.InputExample, version.InputExample);
                Check.Equal(ModelVersionStatus.PendingApproval, version.Status);
                Check.Equal(ContractTestActor.Name, version.RegisteredBy);
                Check.Equal(ClockStart, version.RegisteredAt);
            }

            Check.Equal(artifact, await ReadAllAsync(await h.Registry.OpenArtifactAsync("credit-approval.v2", 1)));
            Check.Equal(vocabulary, await ReadAllAsync(await h.Registry.OpenExtraFileAsync("credit-approval.v2", 1, "vocab.json")));
            Check.Empty(await ReadAllAsync(await h.Registry.OpenExtraFileAsync("credit-approval.v2", 1, "empty.bin")));
        });

    /// <summary>Tags and the description can change; every other field of a version, and its bytes, stay as registered.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task UpdateTagsAndDescription_ChangeOnlyThoseFields() => CheckAsync(
        "Tags and the description can change; every other field of a version, and its bytes, stay as registered.",
        async () =>
        {
            await using var h = await StartAsync();
            var content = RandomBytes(1000, 9);
            var original = await h.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "mlnet",
                Artifact = new MemoryStream(content),
                Tags = new Dictionary<string, string> { ["team"] = "risk", ["temp"] = "x" },
                Metrics = new Dictionary<string, double> { ["auc"] = 0.8 },
                Description = "before",
            });

            await h.Registry.UpdateTagsAsync("credit", 1, new Dictionary<string, string?> { ["temp"] = null, ["stage"] = "shadow" }, "triage");
            var updated = await h.Registry.UpdateDescriptionAsync("credit", 1, "after", "clarify");

            Check.Equal(new Dictionary<string, string> { ["team"] = "risk", ["stage"] = "shadow" }.OrderBy(t => t.Key, StringComparer.Ordinal), updated.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
            Check.Equal("after", updated.Description);
            Check.Equal(original.Artifact, updated.Artifact);
            Check.Equal(original.Flavor, updated.Flavor);
            Check.Equal(original.Metrics, updated.Metrics);
            Check.Equal(original.RegisteredAt, updated.RegisteredAt);
            Check.Equal(original.RegisteredBy, updated.RegisteredBy);
            Check.Equal(original.Status, updated.Status);
            Check.Equal(content, await ReadAllAsync(await h.Registry.OpenArtifactAsync("credit", 1)));

            var cleared = await h.Registry.UpdateDescriptionAsync("credit", 1, null);
            Check.Null(cleared.Description);
            h.Time.Advance(TimeSpan.FromSeconds(5));
            var fromOther = await (await h.AddSecondRegistryAsync()).GetVersionAsync("credit", 1);
            Check.Null(fromOther.Description);
            Check.Equal("shadow", fromOther.Tags["stage"]);
        });

    /// <summary>Each lifecycle transition is allowed or refused as documented on <see cref="ModelVersionStatus"/>; a refused one changes nothing.</summary>
    /// <param name="from">The version's status before.</param>
    /// <param name="to">The requested status.</param>
    /// <param name="allowed">Whether the transition is allowed.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task TransitionAsync_FollowsTheLifecycle(ModelVersionStatus from, ModelVersionStatus to, bool allowed) => CheckAsync(
        "Each lifecycle transition is allowed or refused as documented on ModelVersionStatus; a refused one changes nothing.",
        async () =>
        {
            await using var h = await StartAsync();
            await h.Registry.RegisterAsync(NewRegistration("credit"));
            if (from == ModelVersionStatus.Archived)
            {
                await h.Registry.TransitionAsync("credit", 1, ModelVersionStatus.Rejected);
            }

            if (from != ModelVersionStatus.PendingApproval)
            {
                await h.Registry.TransitionAsync("credit", 1, from);
            }

            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();
            if (allowed)
            {
                Check.Equal(to, (await h.Registry.TransitionAsync("credit", 1, to, "review")).Status);
                Check.Equal(to, (await h.Registry.GetVersionAsync("credit", 1)).Status);
                Check.Equal(sequence + 1, await h.Storage.Metadata.GetLastSequenceAsync());
            }
            else
            {
                var ex = await Check.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.TransitionAsync("credit", 1, to));
                Check.Equal("credit", ex.ModelName);
                Check.Equal(1, ex.Version);
                Check.Equal(from, ex.CurrentStatus);
                Check.Equal(to, ex.RequestedStatus);
                Check.Equal(from, (await h.Registry.GetVersionAsync("credit", 1)).Status);
                Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
            }
        });

    /// <summary>Paging through the versions while other writers register more returns every version once, in order, with no gaps.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ListVersionsAsync_PagingDuringConcurrentRegistration_IsContiguousAndStable() => CheckAsync(
        "Paging through the versions while other writers register more returns every version once, in order, with no gaps.",
        async () =>
        {
            await using var h = await StartAsync();
            for (var i = 0; i < 10; i++)
            {
                await h.Registry.RegisterAsync(NewRegistration("credit"));
            }

            var writers = Task.Run(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await h.Registry.RegisterAsync(NewRegistration("credit"));
                }
            });

            var seen = new List<ModelVersion>();
            var after = 0;
            while (true)
            {
                var page = await h.Registry.ListVersionsAsync("credit", after, pageSize: 3);
                Check.InRange(page.Items.Count, 0, 3);
                seen.AddRange(page.Items);
                if (page.NextAfterVersion is not { } next)
                {
                    break;
                }

                Check.Equal(page.Items[^1].Version, next);
                after = next;
            }

            await writers.WaitAsync(WaitTimeout);
            Check.Equal(Enumerable.Range(1, seen.Count), seen.Select(v => v.Version));
            Check.InRange(seen.Count, 10, 30);
            var rest = await h.Registry.ListVersionsAsync("credit", seen.Count, pageSize: 1000);
            Check.Equal(Enumerable.Range(seen.Count + 1, 30 - seen.Count), rest.Items.Select(v => v.Version));
            Check.Null(rest.NextAfterVersion);
        });

    /// <summary><see cref="IModelRegistry.FindByTagAsync"/> finds versions of every model by tag, optionally by value, ordered by model and version, and follows tag updates.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task FindByTagAsync_ReturnsTaggedVersionsOrderedByModelAndVersion() => CheckAsync(
        "FindByTagAsync finds versions of every model by tag, optionally by value, ordered by model and version, and follows tag updates.",
        async () =>
        {
            await using var h = await StartAsync();
            foreach (var (model, stage) in new[] { ("zeta", "prod"), ("alpha", "shadow"), ("alpha", "prod"), ("zeta", (string?)null) })
            {
                var registration = NewRegistration(model);
                await h.Registry.RegisterAsync(new ModelVersionRegistration
                {
                    ModelName = model,
                    Flavor = "onnx",
                    Artifact = registration.Artifact,
                    Tags = stage is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["stage"] = stage },
                });
            }

            Check.Equal([("alpha", 1), ("alpha", 2), ("zeta", 1)], (await h.Registry.FindByTagAsync("stage")).Select(v => (v.ModelName, v.Version)));
            Check.Equal([("alpha", 2), ("zeta", 1)], (await h.Registry.FindByTagAsync("stage", "prod")).Select(v => (v.ModelName, v.Version)));
            Check.Empty(await h.Registry.FindByTagAsync("stage", "PROD"));

            await h.Registry.UpdateTagsAsync("zeta", 2, new Dictionary<string, string?> { ["stage"] = "prod" });
            await h.Registry.UpdateTagsAsync("alpha", 2, new Dictionary<string, string?> { ["stage"] = null });
            Check.Equal([("zeta", 1), ("zeta", 2)], (await h.Registry.FindByTagAsync("stage", "prod")).Select(v => (v.ModelName, v.Version)));
        });
}
