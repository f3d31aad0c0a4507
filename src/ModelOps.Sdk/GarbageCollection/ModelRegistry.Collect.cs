using System.Globalization;
using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry : IArtifactCollector
{
    /// <inheritdoc/>
    public async Task<ArtifactCollectionResult> CollectAsync(bool dryRun, string? reason = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_artifacts is not ICollectableArtifactStore store)
        {
            throw new ArtifactCollectionUnsupportedException(_artifacts.GetType().FullName ?? _artifacts.GetType().Name);
        }

        CheckReason(null, reason);
        if (!dryRun)
        {
            // Always asked, governance or not: without governance the registry's own guard refuses it (no role to check).
            await GuardAsync(RegistryOperationKind.CollectArtifacts, null, null, null, reason, cancellationToken).ConfigureAwait(false);
        }

        // The order is the guarantee: the time first, then the listing, then the journal. A blob old at the cutoff and unreferenced in
        // a journal read after that time belongs to no registration that committed its upload within the grace period before now.
        var startedAt = _time.GetUtcNow();
        var gracePeriod = _options.ArtifactGracePeriod;
        var cutoff = startedAt - gracePeriod;
        var storedBlobs = 0;
        var old = new List<StoredArtifact>();
        await foreach (var blob in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            storedBlobs++;
            if (blob.LastModified < cutoff)
            {
                old.Add(blob);
            }
        }

        var references = await ReadArtifactReferencesAsync(cancellationToken).ConfigureAwait(false);
        var collected = new List<CollectedItem>();
        var recommitted = new List<string>();
        foreach (var blob in old.OrderBy(static b => b.Sha256, StringComparer.Ordinal))
        {
            if (references.Live.Contains(blob.Sha256))
            {
                continue;
            }

            var item = references.Purged.TryGetValue(blob.Sha256, out var purgedBy)
                ? new CollectedItem(blob.Sha256, blob.Length, blob.LastModified, CollectionReason.OnlyPurgedReferences, "referenced only by purged " + string.Join(", ", purgedBy))
                : new CollectedItem(blob.Sha256, blob.Length, blob.LastModified, CollectionReason.NeverReferenced, "no version or document references it");
            if (dryRun)
            {
                collected.Add(item);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (await store.DeleteIfNotModifiedSinceAsync(blob.Sha256, cutoff, cancellationToken).ConfigureAwait(false))
            {
                collected.Add(item);
            }
            else
            {
                recommitted.Add(blob.Sha256);
            }
        }

        await foreach (var upload in store.ListAbandonedUploadsAsync(cutoff, cancellationToken).ConfigureAwait(false))
        {
            var item = new CollectedItem(upload.Name, upload.Length, upload.LastModified, CollectionReason.AbandonedUpload, "an upload that was never committed");
            if (dryRun || await store.DeleteAbandonedUploadAsync(upload, cancellationToken).ConfigureAwait(false))
            {
                collected.Add(item);
            }
        }

        var result = new ArtifactCollectionResult
        {
            DryRun = dryRun,
            StartedAt = startedAt,
            GracePeriod = gracePeriod,
            StoredBlobs = storedBlobs,
            Collected = collected,
            KeptAsRecommitted = recommitted,
        };
        if (!dryRun && collected.Count > 0)
        {
            // A collection that deleted nothing leaves no entry: a scheduled collection would otherwise grow the chain every day.
            await RecordCollectionAsync(result, reason).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Every blob hash the journal references, read from the store now (not from the replica, which may hold only some models): the
    /// scope names first, then each scope read, folded and verified on its own and let go, so a collection holds one model's history
    /// at a time however large the registry. A scope or version written between the two passes is younger than the grace period.
    /// </summary>
    private async Task<ArtifactReferences> ReadArtifactReferencesAsync(CancellationToken cancellationToken)
    {
        var scopes = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entry in _metadata.ReadAsync(0, cancellationToken).ConfigureAwait(false))
        {
            scopes.Add(entry.Scope);
        }

        var references = new ArtifactReferences();
        foreach (var scope in scopes)
        {
            var entries = new List<JournalEntry>();
            await foreach (var entry in _metadata.ReadScopeAsync(scope, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            entries.Sort(static (a, b) => a.Index.CompareTo(b.Index));
            var state = _replica.FoldDetached(scope, entries);
            if (state?.Break is { } broken)
            {
                // Fails closed: what a chain that does not verify references is not known, so nothing may be deleted.
                throw new AuditChainBrokenException(scope, broken.Index, broken.Kind, broken.Detail);
            }

            foreach (var version in state?.Versions ?? [])
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"{version.ModelName} v{version.Version}");
                foreach (var file in version.ExtraFiles.Prepend(version.Artifact))
                {
                    references.Add(file.Sha256, version.Purged is null, label);
                }
            }

            foreach (var document in state?.Documents ?? [])
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"document {scope} {document.Kind}/{document.Name} r{document.Revision}");
                references.Add(document.Sha256, document.Purged is null, label);
            }
        }

        return references;
    }

    /// <summary>One entry in the registry's chain per collection: who, why, how many and how many bytes, and the hashes deleted.</summary>
    private async Task RecordCollectionAsync(ArtifactCollectionResult result, string? reason)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["blobs"] = result.Collected.Count(static c => c.Reason != CollectionReason.AbandonedUpload).ToString(CultureInfo.InvariantCulture),
            ["abandonedUploads"] = result.Collected.Count(static c => c.Reason == CollectionReason.AbandonedUpload).ToString(CultureInfo.InvariantCulture),
            ["bytes"] = result.BytesFreed.ToString(CultureInfo.InvariantCulture),
            ["gracePeriod"] = result.GracePeriod.ToString("c", CultureInfo.InvariantCulture),
            ["sha256"] = string.Join(',', result.Collected.Where(static c => c.Reason != CollectionReason.AbandonedUpload).Select(static c => c.Name)),
        };
        var payload = NewPayload(reason, after: JsonSerializer.SerializeToElement(details, ModelOpsJsonContext.Default.DictionaryStringString));

        // Not cancellable: the bytes are gone, and the record of it must not depend on the caller waiting.
        await CommitAsync(AuditScopes.Registry, _ => WriteDecision<bool>.Write(JournalKinds.ArtifactsCollected, payload, _ => true), CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>The blob hashes the journal references: by something unpurged, or only by purged things (and which).</summary>
    private sealed class ArtifactReferences
    {
        public HashSet<string> Live { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> Purged { get; } = new(StringComparer.Ordinal);

        public void Add(string sha256, bool live, string label)
        {
            if (live)
            {
                Live.Add(sha256);
                return;
            }

            if (!Purged.TryGetValue(sha256, out var labels))
            {
                Purged[sha256] = labels = [];
            }

            labels.Add(label);
        }
    }
}
