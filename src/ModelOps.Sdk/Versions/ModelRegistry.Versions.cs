using System.Text.Json;
using ModelOps.Sdk.Artifacts;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    /// <inheritdoc/>
    public async Task<ModelVersion> RegisterAsync(ModelVersionRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        Validate(registration);
        CheckRegistrationLimits(registration);
        var model = registration.ModelName;
        await EnsureScopeAsync(model, cancellationToken).ConfigureAwait(false);

        // A retried registration returns what the first one created, without uploading again.
        if (registration.IdempotencyKey is { } key)
        {
            lock (_replica.Gate)
            {
                var state = _replica.Find(model);
                if (state is not null && state.IdempotencyKeys.TryGetValue(key, out var existing))
                {
                    return state.Versions[existing - 1];
                }
            }
        }

        CheckParentVersion(registration, null);
        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.Register, model, null, null, null, cancellationToken, registration: registration).ConfigureAwait(false);

            // A version registered purged is also a purge: it needs what a purge needs, and a refusal is audited as a purge's.
            if (registration.PurgedImport is not null)
            {
                await GuardAsync(RegistryOperationKind.PurgeVersion, model, null, null, registration.Reason, cancellationToken).ConfigureAwait(false);
            }
        }

        if (registration.PurgedImport is { } purged)
        {
            // Metadata only: the source purged the bytes, so there is nothing to upload or inspect.
            return await CommitVersionAsync(registration, purged.Artifact.Sha256, purged.Artifact.Length, [.. purged.ExtraFiles], null, cancellationToken).ConfigureAwait(false);
        }

        // Bytes first (durable and content-addressed), metadata second: an interrupted upload is never referenced. A registered
        // flavor inspects the staged bytes (the very bytes that were hashed) before anything is published, so an artifact it refuses
        // leaves no blob behind; the version exists only once its bytes are durable.
        var flavor = _flavors.Find(registration.Flavor);
        var staged = new List<StagedArtifact>(1 + registration.ExtraFiles.Count);
        try
        {
            var artifact = await ArtifactUploader.StageAsync(_artifacts, registration.Artifact, keepContent: flavor is not null, cancellationToken).ConfigureAwait(false);
            staged.Add(artifact);
            var extraFiles = new List<ArtifactFile>(registration.ExtraFiles.Count);
            var extraContent = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            foreach (var (name, stream) in registration.ExtraFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var file = await ArtifactUploader.StageAsync(_artifacts, stream, keepContent: flavor is not null, cancellationToken).ConfigureAwait(false);
                staged.Add(file);
                extraFiles.Add(new ArtifactFile(name, file.Sha256, file.Length));
                if (file.Content is { } bytes)
                {
                    extraContent[name] = bytes;
                }
            }

            var inspected = flavor is null ? null : await InspectAsync(flavor, registration, artifact, extraContent, cancellationToken).ConfigureAwait(false);
            foreach (var file in staged)
            {
                await file.PublishAsync(cancellationToken).ConfigureAwait(false);
            }

            return await CommitVersionAsync(registration, artifact.Sha256, artifact.Length, extraFiles, inspected, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var file in staged)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Task<ModelVersion> CommitVersionAsync(
        ModelVersionRegistration registration, string sha256, long length, List<ArtifactFile> extraFiles, ModelSignature? inspected, CancellationToken cancellationToken)
    {
        var model = registration.ModelName;
        var actor = CurrentActor().Name;
        return CommitAsync(model, state =>
        {
            if (registration.IdempotencyKey is { } k && state is not null && state.IdempotencyKeys.TryGetValue(k, out var existing))
            {
                return WriteDecision<ModelVersion>.Done(state.Versions[existing - 1]);
            }

            CheckParentVersion(registration, state);
            var number = (state?.Versions.Count ?? 0) + 1;
            var record = new ModelVersion
            {
                ModelName = model,
                Version = number,
                Flavor = registration.Flavor,
                Artifact = new ArtifactFile("model", sha256, length),
                ExtraFiles = extraFiles,
                Signature = registration.Signature ?? inspected ?? ModelSignature.Empty,
                Metrics = new Dictionary<string, double>(registration.Metrics, StringComparer.Ordinal),
                Parameters = new Dictionary<string, string>(registration.Parameters, StringComparer.Ordinal),
                Tags = new Dictionary<string, string>(registration.Tags, StringComparer.Ordinal),
                Description = registration.Description,
                Lineage = registration.Lineage ?? new ModelLineage(),
                InputExample = registration.InputExample,
                IdempotencyKey = registration.IdempotencyKey,
                RegisteredBy = actor,
            };
            var payload = NewPayload(
                registration.Reason,
                version: number,
                after: JsonSerializer.SerializeToElement(record, ModelOpsJsonContext.Default.ModelVersion));
            if (registration.PurgedImport is { } purged)
            {
                var origin = registration.Lineage!.ImportedFrom!;
                var purge = NewPayload(
                    $"purged in registry '{origin.Registry}' (model '{origin.ModelName}' version {origin.Version}) at {purged.Purge.PurgedAt:O} by {purged.Purge.PurgedBy}"
                        + (purged.Purge.Reason is { } why ? $": {why}" : string.Empty),
                    number);
                return WriteDecision<ModelVersion>.Write(
                    JournalKinds.VersionRegistered,
                    payload,
                    e => OwnVersion(e, number, () => record with
                    {
                        Status = ModelVersionStatus.PendingApproval,
                        RegisteredAt = e.Timestamp,
                        Sequence = e.Sequence,
                        Purged = new PurgeRecord(e.Timestamp, purge.Actor, purge.Reason, e.Sequence),
                    })) with { Then = (JournalKinds.VersionPurged, purge) };
            }

            return WriteDecision<ModelVersion>.Write(
                JournalKinds.VersionRegistered,
                payload,
                e => OwnVersion(e, number, () => record with { Status = ModelVersionStatus.PendingApproval, RegisteredAt = e.Timestamp, Sequence = e.Sequence }));
        }, cancellationToken);
    }

    private static async Task<ModelSignature?> InspectAsync(
        IModelFlavor flavor, ModelVersionRegistration registration, StagedArtifact artifact, Dictionary<string, ReadOnlyMemory<byte>> extraFiles, CancellationToken cancellationToken)
    {
        var model = registration.ModelName;
        try
        {
            var inspection = await flavor.InspectAsync(new ModelArtifact(model, registration.Flavor, artifact.Sha256, artifact.Content!.Value, extraFiles), cancellationToken).ConfigureAwait(false);
            return inspection.Signature;
        }
        catch (Exception ex) when (ex is not ModelOpsException and not OperationCanceledException)
        {
            throw new InvalidModelArtifactException(model, null, registration.Flavor, null, ex.Message, ex);
        }
    }

    private async Task<byte[]> ReadVerifiedAsync(ArtifactFile file, string description, CancellationToken cancellationToken)
    {
        var stream = await OpenVerifiedAsync(file, description, cancellationToken).ConfigureAwait(false);
        return await ModelArtifactReader.ReadAllAsync(stream, file.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<ModelVersion> GetVersionAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        await EnsureScopeAsync(modelName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            return RequireVersion(RequireModel(_replica.Find(modelName), modelName), version);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ModelVersion> GetVersionByAliasAsync(string modelName, string aliasName, CancellationToken cancellationToken = default)
    {
        var alias = await ResolveAliasAsync(modelName, aliasName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            return RequireVersion(RequireModel(_replica.Find(modelName), modelName), alias.Version);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            return _replica.ListModels().ToArray();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ModelVersionPage> ListVersionsAsync(string modelName, int afterVersion = 0, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        ArgumentOutOfRangeException.ThrowIfNegative(afterVersion);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        await EnsureScopeAsync(modelName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            var state = RequireModel(_replica.Find(modelName), modelName);
            var start = Math.Min(afterVersion, state.Versions.Count);
            var count = Math.Min(pageSize, state.Versions.Count - start);
            var items = state.Versions.GetRange(start, count).ToArray();
            int? next = start + count < state.Versions.Count ? start + count : null;
            return new ModelVersionPage(items, next);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ModelVersion>> FindByTagAsync(string tag, string? value = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateKey(null, "tag", tag);
        await EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        bool Matches(ModelVersion v) => v.Tags.TryGetValue(tag, out var actual) && (value is null || string.Equals(actual, value, StringComparison.Ordinal));
        if (!_replica.FoldsLazily)
        {
            lock (_replica.Gate)
            {
                return _replica.Models.OrderBy(m => m.Scope, StringComparer.Ordinal).SelectMany(m => m.Versions).Where(Matches).ToArray();
            }
        }

        // Lazy folding: scopes this instance uses answer from memory; the others are read and folded one at a time, checked as
        // always, and let go, so a search across models costs time in proportion to the registry but memory only per scope.
        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> names;
        lock (_replica.Gate)
        {
            names = _replica.ModelNames();
        }

        var found = new List<ModelVersion>();
        foreach (var name in names)
        {
            ModelState? state = null;
            lock (_replica.Gate)
            {
                if (_replica.IsFolded(name))
                {
                    state = _replica.FindModelLockFree(name);
                    found.AddRange(state?.Versions.Where(Matches) ?? []);
                    continue;
                }
            }

            var entries = new List<JournalEntry>();
            await foreach (var entry in _scopeReader!.ReadScopeFromAsync(name, 0, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            state = _replica.FoldDetached(name, entries);
            if (state is not null && (state.Break is null || _options.ServeBrokenAuditChains))
            {
                found.AddRange(state.Versions.Where(Matches));
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> UpdateTagsAsync(string modelName, int version, IReadOnlyDictionary<string, string?> changes, string? reason = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var key in changes.Keys)
        {
            NameRules.ValidateKey(modelName, "Tags", key);
        }

        CheckTagValues(modelName, changes);
        CheckReason(modelName, reason);

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.UpdateTags, modelName, version, null, reason, cancellationToken).ConfigureAwait(false);
        }

        return await CommitAsync(modelName, state =>
        {
            var current = RequireVersion(RequireModel(state, modelName), version);
            var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    tags.Remove(key);
                }
                else
                {
                    tags[key] = value;
                }
            }

            if (tags.Count == current.Tags.Count && tags.All(t => current.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
            {
                return WriteDecision<ModelVersion>.Done(current);
            }

            CheckTagCount(modelName, current.Tags.Count, tags.Count);

            var payload = NewPayload(
                reason,
                version,
                before: JsonSerializer.SerializeToElement(new Dictionary<string, string>(current.Tags, StringComparer.Ordinal), ModelOpsJsonContext.Default.DictionaryStringString),
                after: JsonSerializer.SerializeToElement(tags, ModelOpsJsonContext.Default.DictionaryStringString));
            return WriteDecision<ModelVersion>.Write(JournalKinds.TagsUpdated, payload, e => OwnVersion(e, version, () => current with { Tags = tags, Sequence = e.Sequence }));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> UpdateDescriptionAsync(string modelName, int version, string? description, string? reason = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        CheckDescription(modelName, description);
        CheckReason(modelName, reason);

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.UpdateDescription, modelName, version, null, reason, cancellationToken).ConfigureAwait(false);
        }

        return await CommitAsync(modelName, state =>
        {
            var current = RequireVersion(RequireModel(state, modelName), version);
            if (string.Equals(current.Description, description, StringComparison.Ordinal))
            {
                return WriteDecision<ModelVersion>.Done(current);
            }

            var payload = NewPayload(
                reason,
                version,
                before: current.Description is null ? null : JsonSerializer.SerializeToElement(current.Description, ModelOpsJsonContext.Default.String),
                after: description is null ? null : JsonSerializer.SerializeToElement(description, ModelOpsJsonContext.Default.String));
            return WriteDecision<ModelVersion>.Write(JournalKinds.DescriptionUpdated, payload, e => OwnVersion(e, version, () => current with { Description = description, Sequence = e.Sequence }));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> TransitionAsync(string modelName, int version, ModelVersionStatus status, string? reason = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        if (!Enum.IsDefined(status))
        {
            throw new InvalidRegistrationException(modelName, "status", $"{(int)status} is not a ModelVersionStatus");
        }

        CheckReason(modelName, reason);

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.Transition, modelName, version, null, reason, cancellationToken, requestedStatus: status).ConfigureAwait(false);
        }

        return await CommitAsync(modelName, state =>
        {
            var model = RequireModel(state, modelName);
            var current = RequireVersion(model, version);
            if (!IsAllowed(current.Status, status))
            {
                throw new LifecycleTransitionException(modelName, version, current.Status, status,
                    $"Version {version} of model '{modelName}' cannot go from {current.Status} to {status}; allowed from {current.Status}: {DescribeAllowed(current.Status)}.");
            }

            if (status is ModelVersionStatus.Rejected or ModelVersionStatus.Archived)
            {
                var aliases = model.AliasesPointingTo(version).ToArray();
                if (aliases.Length > 0)
                {
                    throw new LifecycleTransitionException(modelName, version, current.Status, status,
                        $"Version {version} of model '{modelName}' cannot become {status} while alias(es) {string.Join(", ", aliases.Select(a => $"'{a}'"))} point to it; move them first.");
                }
            }

            var payload = NewPayload(
                reason,
                version,
                before: JsonSerializer.SerializeToElement(current.Status, ModelOpsJsonContext.Default.ModelVersionStatus),
                after: JsonSerializer.SerializeToElement(status, ModelOpsJsonContext.Default.ModelVersionStatus));
            return WriteDecision<ModelVersion>.Write(JournalKinds.StatusChanged, payload, e => OwnVersion(e, version, () => current with { Status = status, Sequence = e.Sequence }));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenArtifactAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        var record = await GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        ThrowIfPurged(record);
        return await OpenVerifiedAsync(record.Artifact, $"artifact of model '{modelName}' version {version}", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenExtraFileAsync(string modelName, int version, string fileName, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateName("file", fileName);
        var record = await GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        ThrowIfPurged(record);
        var file = record.ExtraFiles.FirstOrDefault(f => string.Equals(f.Name, fileName, StringComparison.Ordinal))
            ?? throw new InvalidRegistrationException(modelName, "fileName",
                $"version {version} has no extra file '{fileName}' (it has: {(record.ExtraFiles.Count == 0 ? "none" : string.Join(", ", record.ExtraFiles.Select(f => f.Name)))})");
        return await OpenVerifiedAsync(file, $"extra file '{fileName}' of model '{modelName}' version {version}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<Stream> OpenVerifiedAsync(ArtifactFile file, string description, CancellationToken cancellationToken)
    {
        var stream = await _artifacts.OpenReadAsync(file.Sha256, cancellationToken).ConfigureAwait(false)
            ?? throw new ArtifactIntegrityException(file.Sha256, null, description);
        return new VerifyingReadStream(stream, file.Sha256, file.Length, description);
    }

    /// <summary>
    /// The version as a write's own entry left it: the replica's record when no later entry changed it (so the caller gets the same
    /// instance a read returns), otherwise the record built from the entry.
    /// </summary>
    private ModelVersion OwnVersion(JournalEntry entry, int version, Func<ModelVersion> build)
    {
        lock (_replica.Gate)
        {
            var folded = _replica.Find(entry.Scope)?.FindVersion(version);
            if (folded is not null && folded.Sequence == entry.Sequence)
            {
                return folded;
            }
        }

        return build();
    }

    private static ModelState RequireModel(ModelState? state, string modelName) =>
        state is { Versions.Count: > 0 } ? state : throw new ModelNotFoundException(modelName);

    private static ModelVersion RequireVersion(ModelState state, int version) =>
        state.FindVersion(version) ?? throw new ModelVersionNotFoundException(state.Scope, version, state.Versions.Count);

    private static bool IsAllowed(ModelVersionStatus from, ModelVersionStatus to) => (from, to) switch
    {
        (ModelVersionStatus.PendingApproval, ModelVersionStatus.Approved or ModelVersionStatus.Rejected or ModelVersionStatus.Archived) => true,
        (ModelVersionStatus.Approved, ModelVersionStatus.Rejected or ModelVersionStatus.Archived) => true,
        (ModelVersionStatus.Rejected, ModelVersionStatus.Archived) => true,
        _ => false,
    };

    private static string DescribeAllowed(ModelVersionStatus from)
    {
        var allowed = Enum.GetValues<ModelVersionStatus>().Where(to => IsAllowed(from, to)).ToArray();
        return allowed.Length == 0 ? "none (it is final)" : string.Join(", ", allowed);
    }

    private void CheckParentVersion(ModelVersionRegistration registration, ModelState? state)
    {
        if (registration.Lineage?.ParentVersion is not { } parent)
        {
            return;
        }

        if (state is null)
        {
            lock (_replica.Gate)
            {
                state = _replica.Find(registration.ModelName);
            }
        }

        var latest = state?.Versions.Count ?? 0;
        if (parent < 1 || parent > latest)
        {
            throw new InvalidRegistrationException(registration.ModelName, "Lineage.ParentVersion",
                latest == 0 ? $"version {parent} does not exist (the model has no versions yet)" : $"version {parent} does not exist (the model's versions are 1 to {latest})");
        }
    }

    private static void Validate(ModelVersionRegistration registration)
    {
        NameRules.ValidateModelName(registration.ModelName);
        var model = registration.ModelName;
        NameRules.ValidateName("flavor", registration.Flavor, 64);
        if (registration.Artifact is null)
        {
            throw new InvalidRegistrationException(model, "Artifact", "an artifact stream is required");
        }

        if (!registration.Artifact.CanRead)
        {
            throw new InvalidRegistrationException(model, "Artifact", "the stream is not readable");
        }

        if (registration.PurgedImport is { } purged)
        {
            if (registration.Lineage?.ImportedFrom is null)
            {
                throw new InvalidRegistrationException(model, "PurgedImport", "only a version imported from another registry (Lineage.ImportedFrom) can be registered purged");
            }

            if (registration.ExtraFiles?.Count > 0)
            {
                throw new InvalidRegistrationException(model, "ExtraFiles", "a purged import has no file contents; give the source's records in PurgedImport.ExtraFiles");
            }

            foreach (var file in purged.ExtraFiles.Prepend(purged.Artifact))
            {
                if (file is null || !HashHex.IsSha256Hex(file.Sha256) || file.Length < 0)
                {
                    throw new InvalidRegistrationException(model, "PurgedImport", $"the artifact record '{file?.Name}' needs a lowercase hexadecimal SHA-256 and a length");
                }

                NameRules.ValidateName("file", file.Name);
            }

            ArgumentNullException.ThrowIfNull(purged.Purge);
        }

        foreach (var (name, stream) in registration.ExtraFiles ?? new Dictionary<string, Stream>())
        {
            NameRules.ValidateName("file", name);
            if (stream is null || !stream.CanRead)
            {
                throw new InvalidRegistrationException(model, $"ExtraFiles[\"{name}\"]", "the stream is missing or not readable");
            }
        }

        foreach (var (key, value) in registration.Metrics ?? new Dictionary<string, double>())
        {
            NameRules.ValidateKey(model, "Metrics", key);
            if (!double.IsFinite(value))
            {
                throw new InvalidRegistrationException(model, $"Metrics[\"{key}\"]", $"{value} is not a finite number");
            }
        }

        ValidateStrings(model, "Parameters", registration.Parameters);
        ValidateStrings(model, "Tags", registration.Tags);
        if (registration.IdempotencyKey is { } idempotencyKey)
        {
            NameRules.ValidateKey(model, "IdempotencyKey", idempotencyKey);
        }

        if (registration.Signature is { } signature)
        {
            foreach (var field in signature.Inputs.Concat(signature.Outputs))
            {
                if (field is null || string.IsNullOrWhiteSpace(field.Name) || string.IsNullOrWhiteSpace(field.DataType))
                {
                    throw new InvalidRegistrationException(model, "Signature", "every field needs a name and a data type");
                }
            }
        }

        if (registration.InputExample is { } example)
        {
            try
            {
                using var _ = JsonDocument.Parse(example);
            }
            catch (JsonException ex)
            {
                throw new InvalidRegistrationException(model, "InputExample", $"it is not valid JSON ({ex.Message})");
            }
        }
    }

    private static void ValidateStrings(string model, string field, IReadOnlyDictionary<string, string>? values)
    {
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            NameRules.ValidateKey(model, field, key);
            if (value is null)
            {
                throw new InvalidRegistrationException(model, $"{field}[\"{key}\"]", "the value must not be null");
            }
        }
    }
}
