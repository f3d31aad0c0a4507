using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>The default <see cref="IModelBundleService"/>: zip bundles verified entry by entry and against the audit chain.</summary>
internal sealed class ModelBundleService : IModelBundleService
{
    public const string ManifestEntry = "manifest.json";
    public const string ChainEntry = "audit/chain.json";

    /// <summary>Document kinds that record decisions of the source registry: they travel as evidence only, never as decisions here.</summary>
    private static readonly HashSet<string> EvidenceOnlyKinds = new(StringComparer.Ordinal)
    {
        DocumentKinds.Approval, DocumentKinds.GateReport, DocumentKinds.GateOverride, DocumentKinds.ImportEvidence,
    };

    private readonly IModelRegistry _registry;
    private readonly IModelMetadataStore _store;
    private readonly IAuditChainVerifier _verifier;
    private readonly ModelBundleOptions _options;
    private readonly IActorAccessor _actor;
    private readonly TimeProvider _time;

    public ModelBundleService(IModelRegistry registry, IModelMetadataStore store, IAuditChainVerifier verifier, IOptions<ModelBundleOptions> options, IActorAccessor actor, TimeProvider time)
    {
        _registry = registry;
        _store = store;
        _verifier = verifier;
        _options = options.Value;
        _actor = actor;
        _time = time;
    }

    public async Task<BundleManifest> ExportAsync(string modelName, IReadOnlyList<int>? versions, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var (records, documentLists, anchor, chain) = await SnapshotAsync(modelName, versions, cancellationToken).ConfigureAwait(false);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var bundleVersions = new List<BundleVersion>();
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var record in records)
            {
                var documents = documentLists[record.Version];
                WriteJson(zip, entries, $"versions/{record.Version}.json", JsonSerializer.SerializeToUtf8Bytes(record, BundleJson.Default.ModelVersion));
                WriteJson(zip, entries, $"documents/{record.Version}.json", JsonSerializer.SerializeToUtf8Bytes(documents, BundleJson.Default.ListModelDocument));
                // A purged version travels as metadata only (marked purged), and a purged document without its content.
                if (record.Purged is null)
                {
                    var artifact = await _registry.OpenArtifactAsync(modelName, record.Version, cancellationToken).ConfigureAwait(false);
                    await WriteBlobAsync(zip, entries, record.Artifact.Sha256, artifact, cancellationToken).ConfigureAwait(false);
                    foreach (var extra in record.ExtraFiles)
                    {
                        var stream = await _registry.OpenExtraFileAsync(modelName, record.Version, extra.Name, cancellationToken).ConfigureAwait(false);
                        await WriteBlobAsync(zip, entries, extra.Sha256, stream, cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var document in documents.Where(d => d.Purged is null))
                {
                    var content = await _registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
                    await WriteBlobAsync(zip, entries, document.Sha256, new MemoryStream(content.ToArray(), writable: false), cancellationToken).ConfigureAwait(false);
                }

                bundleVersions.Add(new BundleVersion(record.Version, record.Artifact.Sha256, documents.Count));
            }

            WriteJson(zip, entries, ChainEntry, JsonSerializer.SerializeToUtf8Bytes(chain, BundleJson.Default.ListJournalEntry));
            var manifest = new BundleManifest
            {
                SourceRegistry = _options.RegistryName,
                ModelName = modelName,
                Versions = bundleVersions,
                ExportedAt = _time.GetUtcNow(),
                ExportedBy = _actor.Actor?.Identity?.Name ?? "anonymous",
                AuditAnchor = anchor,
                Entries = entries,
            };
            var manifestEntry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
            using (var stream = manifestEntry.Open())
            {
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(manifest, BundleJson.Default.BundleManifest));
            }

            return manifest;
        }
    }

    /// <summary>
    /// Reads the versions, their documents and the chain cut at its anchor, so that the records are exactly what the chain says: a
    /// change committed between the reads (another writer) is read again, because an import checks every field against the chain.
    /// </summary>
    private async Task<(List<ModelVersion> Records, Dictionary<int, List<ModelDocument>> Documents, AuditAnchor Anchor, List<JournalEntry> Chain)> SnapshotAsync(
        string modelName, IReadOnlyList<int>? versions, CancellationToken cancellationToken)
    {
        const int MaxAttempts = 8;
        for (var attempt = 1; ; attempt++)
        {
            await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<ModelVersion>();
            if (versions is null)
            {
                for (int? after = 0; after is { } a;)
                {
                    var page = await _registry.ListVersionsAsync(modelName, a, 100, cancellationToken).ConfigureAwait(false);
                    records.AddRange(page.Items);
                    after = page.NextAfterVersion;
                }
            }
            else
            {
                foreach (var number in versions.Distinct().Order())
                {
                    records.Add(await _registry.GetVersionAsync(modelName, number, cancellationToken).ConfigureAwait(false));
                }
            }

            var documents = new Dictionary<int, List<ModelDocument>>();
            foreach (var record in records)
            {
                documents[record.Version] = (await _registry.ListDocumentsAsync(modelName, record.Version, cancellationToken: cancellationToken).ConfigureAwait(false))
                    .OrderBy(d => d.Sequence).ToList();
            }

            // The anchor after the records, then the chain cut at it: a change made after the anchor is simply not in this bundle.
            var anchor = await _registry.ExportAuditAnchorAsync(modelName, cancellationToken).ConfigureAwait(false);
            var chain = new List<JournalEntry>();
            await foreach (var entry in _store.ReadScopeAsync(modelName, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Index <= anchor.Index)
                {
                    chain.Add(entry);
                }
            }

            var fold = BundleChainFold.Of(chain);
            var consistent = records.TrueForAll(r => fold.Find(r.Version) is { } recorded && BundleChainFold.FirstDifference(recorded, r) is null)
                && documents.Values.All(list => list.TrueForAll(fold.Recorded));
            if (consistent)
            {
                return (records, documents, anchor, chain);
            }

            if (attempt == MaxAttempts)
            {
                throw new ModelOpsException(
                    $"Model '{modelName}' changed during each of {attempt} attempts to read it consistently with its audit chain; nothing was exported. Try again when it is quieter.");
            }
        }
    }

    public async Task<BundleManifest> VerifyAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (stream, owned) = await SeekableAsync(source, cancellationToken).ConfigureAwait(false);
        try
        {
            using var zip = OpenZip(stream);
            return Read(zip).Manifest;
        }
        finally
        {
            if (owned)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<BundleImportResult> ImportAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (stream, owned) = await SeekableAsync(source, cancellationToken).ConfigureAwait(false);
        try
        {
            using var zip = OpenZip(stream);
            var bundle = Read(zip);
            var manifest = bundle.Manifest;
            var model = manifest.ModelName;
            var numbers = new Dictionary<int, int>();
            var imported = new List<ImportedVersion>();

            // Importing a purged version purges it here: asked before the first version is imported, so that an actor without the
            // purge role leaves nothing half-imported (the refusal is audited, as a purge's is).
            if (manifest.Versions.Select(v => bundle.Versions[v.Version]).FirstOrDefault(r => r.Purged is not null) is { } firstPurged)
            {
                await _registry.AuthorizeAsync(
                    RegistryOperationKind.PurgeVersion,
                    model,
                    null,
                    $"import from registry '{manifest.SourceRegistry}' of version {firstPurged.Version}, purged there (bundle manifest {bundle.ManifestSha256})",
                    cancellationToken).ConfigureAwait(false);
            }

            foreach (var entry in manifest.Versions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = bundle.Versions[entry.Version];
                var origin = new ModelOrigin(manifest.SourceRegistry, model, record.Version, record.Artifact.Sha256);
                var before = await CountVersionsAsync(model, cancellationToken).ConfigureAwait(false);
                var extras = new Dictionary<string, Stream>(StringComparer.Ordinal);
                var purged = record.Purged is { } purge ? new PurgedImport(record.Artifact, record.ExtraFiles, purge) : null;
                try
                {
                    foreach (var extra in purged is null ? record.ExtraFiles : [])
                    {
                        extras[extra.Name] = await ExtractAsync(zip, Blob(extra.Sha256), cancellationToken).ConfigureAwait(false);
                    }

                    await using var artifact = purged is null ? await ExtractAsync(zip, Blob(record.Artifact.Sha256), cancellationToken).ConfigureAwait(false) : Stream.Null;
                    var registered = await _registry.RegisterAsync(new ModelVersionRegistration
                    {
                        ModelName = model,
                        Flavor = record.Flavor,
                        Artifact = artifact,
                        ExtraFiles = extras,
                        Signature = record.Signature.Inputs.Count + record.Signature.Outputs.Count > 0 ? record.Signature : null,
                        Metrics = record.Metrics,
                        Parameters = record.Parameters,
                        Tags = record.Tags,
                        Description = record.Description,
                        InputExample = record.InputExample,
                        Lineage = record.Lineage with
                        {
                            ParentVersion = record.Lineage.ParentVersion is { } parent && numbers.TryGetValue(parent, out var mapped) ? mapped : null,
                            ImportedFrom = origin,
                        },
                        IdempotencyKey = IdempotencyKey(origin),
                        PurgedImport = purged,
                        Reason = $"imported from registry '{origin.Registry}', model '{model}' version {origin.Version} (bundle manifest {bundle.ManifestSha256})",
                    }, cancellationToken).ConfigureAwait(false);

                    numbers[record.Version] = registered.Version;
                    var already = registered.Version <= before;
                    imported.Add(new ImportedVersion(record.Version, registered.Version, already));
                    if (!already)
                    {
                        await AttachDocumentsAsync(zip, bundle, record, registered.Version, origin, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    foreach (var extra in extras.Values)
                    {
                        await extra.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            return new BundleImportResult(model, manifest.SourceRegistry, imported);
        }
        finally
        {
            if (owned)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task AttachDocumentsAsync(ZipArchive zip, VerifiedBundle bundle, ModelVersion record, int target, ModelOrigin origin, CancellationToken cancellationToken)
    {
        var documents = bundle.Documents[record.Version];
        // Purged documents came without content: they are listed in the import evidence below, as metadata.
        foreach (var document in documents.Where(d => d.Purged is null && !EvidenceOnlyKinds.Contains(d.Kind)))
        {
            await _registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = record.ModelName,
                Version = target,
                Kind = document.Kind,
                Name = document.Name,
                MediaType = document.MediaType,
                Content = ReadEntry(zip, Blob(document.Sha256)),
                Reason = $"imported from registry '{origin.Registry}' version {origin.Version}: revision {document.Revision}, attached by {document.AttachedBy} at {document.AttachedAt:O}",
            }, cancellationToken).ConfigureAwait(false);
        }

        var concerning = bundle.Chain.Where(e => PayloadVersion(e) == record.Version).ToArray();
        var evidence = new ImportEvidence(origin, bundle.ManifestSha256, bundle.Manifest.AuditAnchor, concerning, documents);
        await _registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = record.ModelName,
            Version = target,
            Kind = DocumentKinds.ImportEvidence,
            Name = $"{origin.Registry}-v{origin.Version}",
            Content = JsonSerializer.SerializeToUtf8Bytes(evidence, BundleJson.Default.ImportEvidence),
            Reason = $"the source's audit trail of version {origin.Version} ({concerning.Length} entries, chain verified up to index {bundle.Manifest.AuditAnchor.Index})",
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks every entry against the manifest, the chain, and the metadata against the chain.</summary>
    private VerifiedBundle Read(ZipArchive zip)
    {
        _ = zip.GetEntry(ManifestEntry) ?? throw new BundleIntegrityException(ManifestEntry, "it is missing (is this a model bundle?)");
        BundleManifest manifest;
        byte[] manifestBytes;
        try
        {
            manifestBytes = ReadEntry(zip, ManifestEntry);
            manifest = JsonSerializer.Deserialize(manifestBytes, BundleJson.Default.BundleManifest)
                ?? throw new BundleIntegrityException(ManifestEntry, "it is empty");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new BundleIntegrityException(ManifestEntry, $"it is not a valid manifest ({ex.Message})");
        }

        if (manifest.FormatVersion > BundleManifest.CurrentFormatVersion)
        {
            throw new StorageFormatException(ManifestEntry, $"the bundle has format version {manifest.FormatVersion}; this library reads up to {BundleManifest.CurrentFormatVersion}");
        }

        foreach (var entry in zip.Entries)
        {
            if (entry.FullName != ManifestEntry && !manifest.Entries.ContainsKey(entry.FullName))
            {
                throw new BundleIntegrityException(entry.FullName, "it is not listed in the manifest");
            }
        }

        foreach (var (name, expected) in manifest.Entries)
        {
            var entry = zip.GetEntry(name) ?? throw new BundleIntegrityException(name, "it is listed in the manifest but missing");
            string actual;
            try
            {
                using var stream = entry.Open();
                actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
            catch (InvalidDataException ex)
            {
                throw new BundleIntegrityException(name, $"its compressed bytes are corrupt ({ex.Message})");
            }

            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new BundleIntegrityException(name, $"its SHA-256 is {actual}, the manifest says {expected}");
            }

            if (name.StartsWith("blobs/", StringComparison.Ordinal) && !string.Equals(name["blobs/".Length..], actual, StringComparison.Ordinal))
            {
                throw new BundleIntegrityException(name, $"its content hashes to {actual}, not to its name");
            }
        }

        var chain = Deserialize(zip, ChainEntry, BundleJson.Default.ListJournalEntry);
        VerifyChain(manifest, chain);
        var fold = BundleChainFold.Of(chain);

        var versions = new Dictionary<int, ModelVersion>();
        var documents = new Dictionary<int, List<ModelDocument>>();
        foreach (var entry in manifest.Versions)
        {
            var versionEntry = $"versions/{entry.Version}.json";
            var record = Deserialize(zip, versionEntry, BundleJson.Default.ModelVersion);
            CheckAgainstChain(versionEntry, record, entry, fold);
            if (record.Purged is null)
            {
                RequireBlob(manifest, versionEntry, record.Artifact.Sha256);
                foreach (var extra in record.ExtraFiles)
                {
                    RequireBlob(manifest, versionEntry, extra.Sha256);
                }
            }

            var documentEntry = $"documents/{entry.Version}.json";
            var list = Deserialize(zip, documentEntry, BundleJson.Default.ListModelDocument);
            foreach (var document in list)
            {
                if (document.Purged is null)
                {
                    RequireBlob(manifest, documentEntry, document.Sha256);
                }

                if (document.Version != entry.Version || !fold.Recorded(document))
                {
                    throw new BundleIntegrityException(documentEntry, $"document '{document.Kind}/{document.Name}' revision {document.Revision} is not recorded in the audit chain as the bundle describes it");
                }
            }

            versions[entry.Version] = record;
            documents[entry.Version] = list;
        }

        return new VerifiedBundle(manifest, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), chain, versions, documents);
    }

    /// <summary>
    /// Verifies the carried chain: it must be the chain of the model the manifest names, reach the manifest's anchor, and verify
    /// (hashes, links, order; signatures with <see cref="ModelBundleOptions.RequireSignatures"/>).
    /// </summary>
    private void VerifyChain(BundleManifest manifest, List<JournalEntry> chain)
    {
        var model = manifest.ModelName;
        if (string.IsNullOrEmpty(model) || manifest.AuditAnchor is null)
        {
            throw new BundleIntegrityException(ManifestEntry, "it names no model or carries no audit anchor");
        }

        if (!string.Equals(manifest.AuditAnchor.Scope, model, StringComparison.Ordinal))
        {
            throw new BundleIntegrityException(ManifestEntry, $"it names model '{model}' but its audit anchor is for the chain of '{manifest.AuditAnchor.Scope}'");
        }

        for (var position = 0; position < chain.Count; position++)
        {
            var entry = chain[position];
            if (entry is null || entry.Scope is null || entry.Kind is null || entry.Payload is null || entry.PreviousHash is null || entry.Hash is null)
            {
                throw new BundleIntegrityException(ChainEntry, $"the entry at position {position} is incomplete");
            }

            if (!string.Equals(entry.Scope, model, StringComparison.Ordinal))
            {
                throw new BundleIntegrityException(ChainEntry, $"entry {entry.Index} at position {position} belongs to the chain of '{entry.Scope}', not to that of '{model}' the manifest names");
            }
        }

        var verification = _verifier.Verify(model, chain, manifest.AuditAnchor, _options.RequireSignatures);
        if (!verification.IsValid)
        {
            throw new BundleIntegrityException(ChainEntry, verification.Violations[0].Message);
        }
    }

    /// <summary>Checks a version's record field by field against the chain's fold of it, naming the first field that differs.</summary>
    private static void CheckAgainstChain(string entryName, ModelVersion record, BundleVersion listed, BundleChainFold fold)
    {
        if (record.Version != listed.Version || record.Artifact?.Sha256 != listed.ArtifactSha256)
        {
            throw new BundleIntegrityException(entryName, "it disagrees with the manifest's version list");
        }

        var registered = fold.Find(record.Version)
            ?? throw new BundleIntegrityException(entryName, $"the audit chain has no registration of version {record.Version}");
        if (BundleChainFold.FirstDifference(registered, record) is { } field)
        {
            throw new BundleIntegrityException(entryName, $"its '{field}' differs from what the audit chain records for version {record.Version}");
        }
    }

    private static int? PayloadVersion(JournalEntry entry) => AuditEntry.FromJournalEntry(entry).Version;

    private static void RequireBlob(BundleManifest manifest, string referencedFrom, string sha256)
    {
        if (!manifest.Entries.ContainsKey(Blob(sha256)))
        {
            throw new BundleIntegrityException(Blob(sha256), $"it is referenced by '{referencedFrom}' but missing");
        }
    }

    private static T Deserialize<T>(ZipArchive zip, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (zip.GetEntry(name) is null)
        {
            throw new BundleIntegrityException(name, "it is missing");
        }

        try
        {
            return JsonSerializer.Deserialize(ReadEntry(zip, name), type) ?? throw new BundleIntegrityException(name, "it is empty");
        }
        catch (JsonException ex)
        {
            throw new BundleIntegrityException(name, $"it is not valid JSON of its kind ({ex.Message})");
        }
    }

    private static string Blob(string sha256) => $"blobs/{sha256}";

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Copies an entry to a temporary file deleted on close, so several can be open at once and uploads can stream.</summary>
    private static async Task<Stream> ExtractAsync(ZipArchive zip, string name, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"modelops-bundle-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (var entry = zip.GetEntry(name)!.Open())
            {
                await entry.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void WriteJson(ZipArchive zip, SortedDictionary<string, string> entries, string name, byte[] json)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using (var stream = entry.Open())
        {
            stream.Write(json);
        }

        entries[name] = Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private static async Task WriteBlobAsync(ZipArchive zip, SortedDictionary<string, string> entries, string sha256, Stream content, CancellationToken cancellationToken)
    {
        await using (content.ConfigureAwait(false))
        {
            var name = Blob(sha256);
            if (entries.ContainsKey(name))
            {
                return;
            }

            // Stored as they are: model artifacts are mostly incompressible already, and this keeps export at copy speed.
            var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var stream = entry.Open())
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, sha256, StringComparison.Ordinal))
            {
                throw new ArtifactIntegrityException(sha256, actual, $"a stored object exported into a bundle");
            }

            entries[name] = actual;
        }
    }

    private static ZipArchive OpenZip(Stream stream)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new BundleIntegrityException("(file)", $"it is not a zip file ({ex.Message})");
        }
    }

    private static async Task<(Stream Stream, bool Owned)> SeekableAsync(Stream source, CancellationToken cancellationToken)
    {
        if (source.CanSeek)
        {
            return (source, false);
        }

        var copy = new FileStream(Path.Combine(Path.GetTempPath(), $"modelops-bundle-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await source.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        copy.Position = 0;
        return (copy, true);
    }

    private async Task<int> CountVersionsAsync(string model, CancellationToken cancellationToken)
    {
        var models = await _registry.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        return models.FirstOrDefault(m => m.Name == model)?.LatestVersion ?? 0;
    }

    private static string IdempotencyKey(ModelOrigin origin) =>
        "bundle-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{origin.Registry}\n{origin.ModelName}\n{origin.Version}\n{origin.ArtifactSha256}")))[..40];

    private sealed record VerifiedBundle(
        BundleManifest Manifest,
        string ManifestSha256,
        List<JournalEntry> Chain,
        Dictionary<int, ModelVersion> Versions,
        Dictionary<int, List<ModelDocument>> Documents);
}
