using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>
/// What a bundle's verified audit chain says about each version and document: the registrations folded with every later change
/// (tags, description, status), as the source registry folded them. A bundle's metadata must equal this, field by field.
/// </summary>
/// <remarks>
/// The rules mirror the registry's own fold: a registration's record with status <see cref="ModelVersionStatus.PendingApproval"/>,
/// the entry's time and sequence; a tags, description or status entry replaces that field; a document takes its entry's time,
/// sequence and actor. An entry kind this library does not know changes nothing here, as in the registry.
/// </remarks>
internal sealed class BundleChainFold
{
    private readonly Dictionary<int, ModelVersion> _versions = [];
    private readonly List<ModelDocument> _documents = [];

    private BundleChainFold()
    {
    }

    /// <summary>Folds a chain that has already been verified (hashes, links, anchor).</summary>
    /// <exception cref="BundleIntegrityException">An entry's payload is not what its kind requires.</exception>
    public static BundleChainFold Of(IReadOnlyList<JournalEntry> chain)
    {
        var fold = new BundleChainFold();
        foreach (var entry in chain)
        {
            try
            {
                fold.Apply(entry);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new BundleIntegrityException(ModelBundleService.ChainEntry, $"entry {entry.Index} ({entry.Kind}) cannot be read: {ex.Message}");
            }
        }

        return fold;
    }

    /// <summary>Gets the chain's record of a version, or <see langword="null"/> if the chain never registered it.</summary>
    public ModelVersion? Find(int version) => _versions.GetValueOrDefault(version);

    /// <summary>Gets whether the chain recorded exactly this document (every field, including revision, time and actor).</summary>
    public bool Recorded(ModelDocument document) => _documents.Contains(document);

    /// <summary>Names the first field in which a bundle's record of a version differs from the chain's, or <see langword="null"/>.</summary>
    public static string? FirstDifference(ModelVersion chain, ModelVersion bundle)
    {
        return !string.Equals(chain.ModelName, bundle.ModelName, StringComparison.Ordinal) ? "modelName"
            : chain.Version != bundle.Version ? "version"
            : !string.Equals(chain.Flavor, bundle.Flavor, StringComparison.Ordinal) ? "flavor"
            : chain.Artifact != bundle.Artifact ? "artifact"
            : !chain.ExtraFiles.OrderBy(f => f.Name, StringComparer.Ordinal).SequenceEqual(bundle.ExtraFiles.OrderBy(f => f.Name, StringComparer.Ordinal)) ? "extraFiles"
            : !SameSignature(chain.Signature, bundle.Signature) ? "signature"
            : !SameMap(chain.Metrics, bundle.Metrics, (a, b) => a.Equals(b)) ? "metrics"
            : !SameMap(chain.Parameters, bundle.Parameters, string.Equals) ? "parameters"
            : !SameMap(chain.Tags, bundle.Tags, string.Equals) ? "tags"
            : !string.Equals(chain.Description, bundle.Description, StringComparison.Ordinal) ? "description"
            : chain.Lineage != bundle.Lineage ? "lineage"
            : !string.Equals(chain.InputExample, bundle.InputExample, StringComparison.Ordinal) ? "inputExample"
            : chain.Status != bundle.Status ? "status"
            : !string.Equals(chain.IdempotencyKey, bundle.IdempotencyKey, StringComparison.Ordinal) ? "idempotencyKey"
            : chain.RegisteredAt != bundle.RegisteredAt ? "registeredAt"
            : !string.Equals(chain.RegisteredBy, bundle.RegisteredBy, StringComparison.Ordinal) ? "registeredBy"
            : chain.Sequence != bundle.Sequence ? "sequence"
            : chain.Purged != bundle.Purged ? "purged"
            : null;
    }

    private static bool SameSignature(ModelSignature a, ModelSignature b) =>
        SameFields(a.Inputs, b.Inputs) && SameFields(a.Outputs, b.Outputs);

    private static bool SameFields(IReadOnlyList<SignatureField> a, IReadOnlyList<SignatureField> b) =>
        a.Count == b.Count && a.Zip(b).All(p =>
            string.Equals(p.First.Name, p.Second.Name, StringComparison.Ordinal)
            && string.Equals(p.First.DataType, p.Second.DataType, StringComparison.Ordinal)
            && p.First.IsOptional == p.Second.IsOptional
            && (p.First.Shape ?? []).SequenceEqual(p.Second.Shape ?? []));

    private static bool SameMap<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b, Func<T, T, bool> equal) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && equal(p.Value, other));

    private void Apply(JournalEntry journalEntry)
    {
        var entry = AuditEntry.FromJournalEntry(journalEntry);
        switch (entry.Operation)
        {
            case AuditOperations.VersionRegistered:
            {
                var record = JsonSerializer.Deserialize(After(entry), BundleJson.Default.ModelVersion) ?? throw new JsonException("the version record is null");
                _versions[record.Version] = record with { Status = ModelVersionStatus.PendingApproval, RegisteredAt = entry.Timestamp, Sequence = entry.Sequence };
                break;
            }

            case AuditOperations.TagsUpdated:
            {
                var tags = JsonSerializer.Deserialize(After(entry), BundleJson.Default.DictionaryStringString) ?? [];
                Replace(entry, r => r with { Tags = tags });
                break;
            }

            case AuditOperations.DescriptionUpdated:
            {
                var description = entry.After is null ? null : JsonSerializer.Deserialize(entry.After, BundleJson.Default.String);
                Replace(entry, r => r with { Description = description });
                break;
            }

            case AuditOperations.StatusChanged:
            {
                var status = JsonSerializer.Deserialize(After(entry), BundleJson.Default.ModelVersionStatus);
                Replace(entry, r => r with { Status = status });
                break;
            }

            case AuditOperations.VersionPurged:
                Replace(entry, r => r with { Purged = new PurgeRecord(entry.Timestamp, entry.Actor, entry.Reason, entry.Sequence) });
                break;

            case AuditOperations.DocumentPurged:
            {
                var purged = JsonSerializer.Deserialize(After(entry), BundleJson.Default.ModelDocument) ?? throw new JsonException("the document record is null");
                var at = _documents.FindIndex(d => d.Version == purged.Version && d.Revision == purged.Revision
                    && string.Equals(d.Kind, purged.Kind, StringComparison.Ordinal) && string.Equals(d.Name, purged.Name, StringComparison.Ordinal));
                if (at < 0)
                {
                    throw new KeyNotFoundException($"it purges document '{purged.Kind}/{purged.Name}' revision {purged.Revision}, which the chain never attached");
                }

                _documents[at] = _documents[at] with { Purged = new PurgeRecord(entry.Timestamp, entry.Actor, entry.Reason, entry.Sequence) };
                break;
            }

            case AuditOperations.DocumentAttached:
            {
                var document = JsonSerializer.Deserialize(After(entry), BundleJson.Default.ModelDocument) ?? throw new JsonException("the document record is null");
                _documents.Add(document with { AttachedAt = entry.Timestamp, Sequence = entry.Sequence, AttachedBy = entry.Actor });
                break;
            }

            default:
                break;
        }
    }

    private static string After(AuditEntry entry) => entry.After ?? throw new JsonException("it has no value after the change");

    private void Replace(AuditEntry entry, Func<ModelVersion, ModelVersion> change)
    {
        if (entry.Version is not { } n || !_versions.TryGetValue(n, out var record))
        {
            throw new KeyNotFoundException($"it changes version {entry.Version}, which the chain never registered");
        }

        _versions[n] = change(record) with { Sequence = entry.Sequence };
    }
}
