using System.Text.Json;
using ModelOps.Sdk.Artifacts;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    /// <inheritdoc/>
    public async Task<ModelDocument> AttachDocumentAsync(DocumentAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var model = attachment.ModelName;
        if (model is not null)
        {
            NameRules.ValidateModelName(model);
        }
        else if (attachment.Version is not null)
        {
            throw new InvalidRegistrationException(null, "Version", "a document for a version needs the model's name");
        }

        NameRules.ValidateName("kind", attachment.Kind, 64);
        NameRules.ValidateName("document", attachment.Name);
        NameRules.ValidateKey(model, "MediaType", attachment.MediaType);
        if (attachment.Content.Length > _options.MaxDocumentBytes)
        {
            throw new InvalidRegistrationException(model, "Content",
                $"the document is {attachment.Content.Length} bytes; the limit is {_options.MaxDocumentBytes} (ModelOpsOptions.MaxDocumentBytes)");
        }

        CheckReason(model, attachment.Reason);
        if (attachment.ExpectedRevision is < 0)
        {
            throw new InvalidRegistrationException(model, "ExpectedRevision",
                $"the expected revision is {attachment.ExpectedRevision}; use 0 for a document that has no revision yet");
        }

        if (string.Equals(attachment.Kind, DocumentKinds.ReasonCodes, StringComparison.Ordinal))
        {
            // Validated whoever attaches it, so an explanation never meets a table it cannot read.
            _ = ExplanationJson.ReadReasonCodeTable(attachment.Content.Span, model, attachment.Version);
        }

        // Check the target exists before storing any bytes.
        if (model is not null)
        {
            await EnsureScopeAsync(model, cancellationToken).ConfigureAwait(false);
            lock (_replica.Gate)
            {
                var state = RequireModel(_replica.Find(model), model);
                if (attachment.Version is { } v)
                {
                    RequireVersion(state, v);
                }
            }
        }

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.AttachDocument, model, attachment.Version, null, attachment.Reason, cancellationToken, documentKind: attachment.Kind, documentName: attachment.Name)
                .ConfigureAwait(false);
        }

        var (sha256, length) = await ArtifactUploader.UploadAsync(_artifacts, attachment.Content, cancellationToken).ConfigureAwait(false);
        var scope = model ?? AuditScopes.Registry;
        return await CommitAsync(scope, state =>
        {
            if (model is not null)
            {
                var m = RequireModel(state, model);
                if (attachment.Version is { } v)
                {
                    RequireVersion(m, v);
                }
            }

            var revision = 1 + (state?.Documents.Count(d => d.Version == attachment.Version
                && string.Equals(d.Kind, attachment.Kind, StringComparison.Ordinal)
                && string.Equals(d.Name, attachment.Name, StringComparison.Ordinal)) ?? 0);

            // Decided on the scope's state at the append, which is conditional on it: two writers expecting the same revision
            // cannot both pass.
            if (attachment.ExpectedRevision is { } expected && expected != revision - 1)
            {
                throw new DocumentRevisionConflictException(model, attachment.Version, attachment.Kind, attachment.Name, expected, revision - 1);
            }

            var actor = CurrentActor().Name;
            var document = new ModelDocument(model, attachment.Version, attachment.Kind, attachment.Name, attachment.MediaType, sha256, length, revision, default, actor, 0);
            var payload = NewPayload(attachment.Reason, attachment.Version, after: JsonSerializer.SerializeToElement(document, ModelOpsJsonContext.Default.ModelDocument));
            return WriteDecision<ModelDocument>.Write(JournalKinds.DocumentAttached, payload, e => document with { AttachedAt = e.Timestamp, Sequence = e.Sequence });
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ModelDocument>> ListDocumentsAsync(string? modelName, int? version = null, string? kind = null, CancellationToken cancellationToken = default)
    {
        if (modelName is not null)
        {
            NameRules.ValidateModelName(modelName);
        }

        await EnsureScopeAsync(modelName ?? AuditScopes.Registry, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            var state = _replica.Find(modelName ?? AuditScopes.Registry);
            if (modelName is not null)
            {
                RequireModel(state, modelName);
            }

            return state?.Documents
                .Where(d => d.Version == version && (kind is null || string.Equals(d.Kind, kind, StringComparison.Ordinal)))
                .ToArray() ?? [];
        }
    }

    /// <inheritdoc/>
    public async Task<ReadOnlyMemory<byte>> ReadDocumentAsync(ModelDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var scope = document.ModelName ?? AuditScopes.Registry;
        await EnsureScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            // The caller's record may predate the purge: the registry's own state decides.
            if ((document.Purged ?? FindDocument(_replica.Find(scope), document)?.Purged) is { } purge)
            {
                throw new DocumentPurgedException(document, purge);
            }
        }

        var description = $"document '{document.Kind}/{document.Name}' revision {document.Revision}"
            + (document.ModelName is null ? " of the registry" : $" of model '{document.ModelName}'" + (document.Version is { } v ? $" version {v}" : string.Empty));
        var file = new ArtifactFile(document.Name, document.Sha256, document.Length);
        return await ReadVerifiedAsync(file, description, cancellationToken).ConfigureAwait(false);
    }
}
