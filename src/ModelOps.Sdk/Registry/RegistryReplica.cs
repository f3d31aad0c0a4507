using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// The in-memory read replica of the registry: the fold of the journal, applied entry by entry in sequence order.
/// </summary>
internal sealed partial class RegistryReplica
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelState> _models = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Models by name, read without the lock on the alias fast path; values are only added, never removed.</summary>
    private volatile Dictionary<string, ModelState> _modelTable = new(StringComparer.Ordinal);

    public RegistryReplica(ILogger logger)
    {
        _logger = logger;
    }

    public long LastSequence { get; private set; }

    public Lock Gate => _gate;

    /// <summary>Looks up a model without taking the lock (alias fast path).</summary>
    public ModelState? FindModelLockFree(string name) => _modelTable.GetValueOrDefault(name);

    /// <summary>Gets a scope's state; call under <see cref="Gate"/>.</summary>
    public ModelState? Find(string scope) => _models.GetValueOrDefault(scope);

    /// <summary>Gets all model scopes; call under <see cref="Gate"/>.</summary>
    public IEnumerable<ModelState> Models => _models.Values.Where(m => m.Scope != Audit.AuditScopes.Registry);

    /// <summary>Applies committed entries in sequence order and returns the alias changes they made.</summary>
    public IReadOnlyList<AliasChange> Apply(IReadOnlyList<JournalEntry> entries)
    {
        List<AliasChange>? changes = null;
        lock (_gate)
        {
            var added = false;
            foreach (var entry in entries)
            {
                if (entry.Sequence <= LastSequence)
                {
                    continue;
                }

                if (entry.Sequence != LastSequence + 1)
                {
                    LogSequenceGap(_logger, LastSequence, entry.Sequence);
                }

                LastSequence = entry.Sequence;
                if (!_models.TryGetValue(entry.Scope, out var model))
                {
                    model = new ModelState(entry.Scope) { CreatedAt = entry.Timestamp };
                    _models[entry.Scope] = model;
                    added = true;
                }

                model.Length = Math.Max(model.Length, entry.Index + 1);
                model.HeadHash = entry.Hash;
                model.UpdatedAt = entry.Timestamp;
                try
                {
                    var change = ApplyOne(model, entry);
                    if (change is not null)
                    {
                        (changes ??= []).Add(change);
                    }
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
                {
                    LogUnreadableEntry(_logger, entry.Scope, entry.Index, entry.Kind, ex);
                }
            }

            if (added)
            {
                _modelTable = new Dictionary<string, ModelState>(_models, StringComparer.Ordinal);
            }
        }

        return (IReadOnlyList<AliasChange>?)changes ?? [];
    }

    private static AliasChange? ApplyOne(ModelState model, JournalEntry entry)
    {
        var payload = JsonSerializer.Deserialize(entry.Payload, ModelOpsJsonContext.Default.JournalPayload)
            ?? throw new JsonException("The payload is null.");
        switch (entry.Kind)
        {
            case JournalKinds.VersionRegistered:
            {
                var version = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelVersion)
                    ?? throw new JsonException("The version record is null.");
                version = version with
                {
                    Status = ModelVersionStatus.PendingApproval,
                    RegisteredAt = entry.Timestamp,
                    Sequence = entry.Sequence,
                };
                if (version.Version != model.Versions.Count + 1)
                {
                    throw new InvalidOperationException($"Version {version.Version} does not follow version {model.Versions.Count}.");
                }

                model.Versions.Add(version);
                if (version.IdempotencyKey is { } key)
                {
                    model.IdempotencyKeys[key] = version.Version;
                }

                return null;
            }

            case JournalKinds.TagsUpdated:
            {
                var tags = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.DictionaryStringString) ?? [];
                Replace(model, payload.Version, v => v with { Tags = tags, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.DescriptionUpdated:
            {
                var description = payload.After is { ValueKind: JsonValueKind.String } d ? d.GetString() : null;
                Replace(model, payload.Version, v => v with { Description = description, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.StatusChanged:
            {
                var status = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelVersionStatus);
                Replace(model, payload.Version, v => v with { Status = status, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.AliasMoved:
            case JournalKinds.AliasRolledBack:
            case JournalKinds.AliasDeleted:
            {
                var alias = payload.Alias ?? throw new JsonException("The alias is missing.");
                var kind = entry.Kind switch
                {
                    JournalKinds.AliasMoved => AliasChangeKind.Moved,
                    JournalKinds.AliasRolledBack => AliasChangeKind.RolledBack,
                    _ => AliasChangeKind.Deleted,
                };
                int? before = payload.Before is { ValueKind: JsonValueKind.Number } b ? b.GetInt32() : null;
                int? after = payload.After is { ValueKind: JsonValueKind.Number } a ? a.GetInt32() : null;
                var change = new AliasChange(model.Scope, alias, kind, before, after, entry.Timestamp, entry.Sequence, payload.Actor, payload.Reason);
                if (!model.Aliases.TryGetValue(alias, out var state))
                {
                    model.Aliases[alias] = state = new AliasState(alias);
                }

                state.Apply(change);
                var table = new Dictionary<string, ModelAlias>(model.AliasTable, StringComparer.Ordinal);
                if (state.Current is { } current)
                {
                    table[alias] = current;
                }
                else
                {
                    table.Remove(alias);
                }

                model.AliasTable = table;
                return change;
            }

            case JournalKinds.DocumentAttached:
            {
                var document = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelDocument)
                    ?? throw new JsonException("The document record is null.");
                model.Documents.Add(document with { AttachedAt = entry.Timestamp, Sequence = entry.Sequence, AttachedBy = payload.Actor });
                return null;
            }

            default:
                // An entry kind written by a newer library: it still counts in the chain, and this version has nothing to fold.
                return null;
        }
    }

    private static void Replace(ModelState model, int? version, Func<ModelVersion, ModelVersion> update)
    {
        var existing = model.FindVersion(version ?? 0) ?? throw new KeyNotFoundException($"Version {version} is not registered.");
        model.Versions[existing.Version - 1] = update(existing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal jumped from sequence {Last} to {Next}; entries in between were not delivered by the store.")]
    private static partial void LogSequenceGap(ILogger logger, long last, long next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal entry {Index} of scope '{Scope}' ({Kind}) could not be applied; verify the audit log of this scope.")]
    private static partial void LogUnreadableEntry(ILogger logger, string scope, long index, string kind, Exception exception);
}
