using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Stores experiment definitions in the registry as model-level documents of kind <see cref="DocumentKinds.Experiment"/>, named after the
/// experiment, so every instance of a service routes the same way; every revision is kept and its attachment is recorded in
/// the model's audit chain with the actor, the time and the reason.
/// </summary>
/// <remarks>Thread-safe. Register one per container (<c>builder.AddRouting()</c> does).</remarks>
public sealed class ExperimentStore
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private readonly IModelRegistry _registry;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="ExperimentStore"/> class.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="time">The time source (stamps when a ramp step starts).</param>
    public ExperimentStore(IModelRegistry registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _registry = registry;
        _time = time;
    }

    /// <summary>Raised after this process stored a definition revision; routed scorers of the experiment apply it at once.</summary>
    public event EventHandler<ExperimentSavedEventArgs>? DefinitionSaved;

    /// <summary>Validates and stores a definition as the experiment's new revision.</summary>
    /// <param name="definition">The definition. If its current ramp step has no start time, it is stamped with now.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid; nothing was stored.</exception>
    public Task<ModelDocument> SaveAsync(ExperimentDefinition definition, string reason, CancellationToken cancellationToken = default) =>
        SaveCoreAsync(definition, reason, expectedRevision: null, cancellationToken);

    /// <summary>
    /// Stores the first revision of an experiment, only if it has none yet: the conditional write that lets replicas of a service
    /// that start together each try to create the same experiment, and exactly one of them store it.
    /// </summary>
    /// <param name="definition">The definition. If its current ramp step has no start time, it is stamped with now.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document (revision 1).</returns>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid; nothing was stored.</exception>
    /// <exception cref="DocumentRevisionConflictException">The experiment already has a revision (stored by another instance, say);
    /// nothing was stored.</exception>
    public Task<ModelDocument> CreateAsync(ExperimentDefinition definition, string reason, CancellationToken cancellationToken = default) =>
        SaveCoreAsync(definition, reason, expectedRevision: 0, cancellationToken);

    /// <summary>
    /// Stores the next revision of an experiment only if <paramref name="current"/> is still its latest revision: the conditional
    /// write that lets instances of a fleet act once on a decision each took on the same revision (a ramp advance, an abort).
    /// </summary>
    /// <param name="current">The revision the decision was taken on (from <see cref="LoadLatestAsync"/>).</param>
    /// <param name="next">The definition to store; the same model and experiment as <paramref name="current"/>.</param>
    /// <param name="reason">Why it changes; recorded in the model's audit chain.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The document of the stored revision.</returns>
    /// <exception cref="ArgumentException"><paramref name="next"/> names another model or experiment.</exception>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid; nothing was stored.</exception>
    /// <exception cref="DocumentRevisionConflictException">Another revision was stored since <paramref name="current"/>; nothing was
    /// stored. Load the experiment again and decide on what it says now.</exception>
    public Task<ModelDocument> SaveIfCurrentAsync(ExperimentRevision current, ExperimentDefinition next, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        if (!string.Equals(current.Definition.ModelName, next.ModelName, StringComparison.Ordinal)
            || !string.Equals(current.Definition.Name, next.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The next definition is '{next.ModelName}/{next.Name}', but the current revision is of '{current.Definition.ModelName}/{current.Definition.Name}'.",
                nameof(next));
        }

        return SaveCoreAsync(next, reason, current.Document.Revision, cancellationToken);
    }

    /// <summary>Reads an experiment's latest revision with the document that holds it (its revision number).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The revision, or <see langword="null"/> if the experiment was never stored.</returns>
    /// <exception cref="InvalidExperimentDefinitionException">The stored revision is not a valid definition.</exception>
    public async Task<ExperimentRevision?> LoadLatestAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(experimentName);
        var latest = await FindLatestAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false);
        return latest is null ? null : new ExperimentRevision(latest, await ReadAsync(latest, cancellationToken).ConfigureAwait(false));
    }

    private async Task<ModelDocument> SaveCoreAsync(ExperimentDefinition definition, string reason, int? expectedRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        definition.Validate();
        if (definition.RampStepStartedAt is null)
        {
            definition = definition with { RampStepStartedAt = _time.GetUtcNow() };
        }

        var document = await _registry.AttachDocumentAsync(
            new DocumentAttachment
            {
                ModelName = definition.ModelName,
                Kind = DocumentKinds.Experiment,
                Name = definition.Name,
                Content = Serialize(definition),
                Reason = reason,
                ExpectedRevision = expectedRevision,
            },
            cancellationToken).ConfigureAwait(false);
        DefinitionSaved?.Invoke(this, new ExperimentSavedEventArgs(definition, document));
        return document;
    }

    /// <summary>Reads an experiment's latest revision.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The definition, or <see langword="null"/> if the experiment was never stored.</returns>
    /// <exception cref="InvalidExperimentDefinitionException">The stored revision is not a valid definition.</exception>
    public async Task<ExperimentDefinition?> LoadAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(experimentName);
        var latest = await FindLatestAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false);
        return latest is null ? null : await ReadAsync(latest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every revision of an experiment, oldest first, with the document that holds each.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The revisions; empty if the experiment was never stored.</returns>
    public async Task<IReadOnlyList<ExperimentRevision>> GetHistoryAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(experimentName);
        var documents = await _registry.ListDocumentsAsync(modelName, null, DocumentKinds.Experiment, cancellationToken).ConfigureAwait(false);
        var history = new List<ExperimentRevision>();
        foreach (var document in documents.Where(d => d.Name == experimentName && d.Version is null).OrderBy(d => d.Revision))
        {
            history.Add(new ExperimentRevision(document, await ReadAsync(document, cancellationToken).ConfigureAwait(false)));
        }

        return history;
    }

    /// <summary>Serializes a definition as stored (JSON, camelCase, enums by name).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] Serialize(ExperimentDefinition definition) => JsonSerializer.SerializeToUtf8Bytes(definition, Json);

    /// <summary>Reads a stored definition and validates it.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="InvalidExperimentDefinitionException">The JSON is not a valid definition.</exception>
    public static ExperimentDefinition Deserialize(ReadOnlySpan<byte> json)
    {
        ExperimentDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<ExperimentDefinition>(json, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidExperimentDefinitionException(null, null, [$"{exception.Path ?? "$"}: {exception.Message}"]);
        }

        if (definition is null)
        {
            throw new InvalidExperimentDefinitionException(null, null, ["$: the document is null"]);
        }

        definition.Validate();
        return definition;
    }

    /// <summary>Whether two definitions are the same revision content (compared as stored).</summary>
    internal static bool SameContent(ExperimentDefinition a, ExperimentDefinition b) =>
        ReferenceEquals(a, b) || Serialize(a).AsSpan().SequenceEqual(Serialize(b));

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private async Task<ModelDocument?> FindLatestAsync(string modelName, string experimentName, CancellationToken cancellationToken)
    {
        var documents = await _registry.ListDocumentsAsync(modelName, null, DocumentKinds.Experiment, cancellationToken).ConfigureAwait(false);
        ModelDocument? latest = null;
        foreach (var document in documents)
        {
            if (document.Name == experimentName && document.Version is null && (latest is null || document.Revision > latest.Revision))
            {
                latest = document;
            }
        }

        return latest;
    }

    private async Task<ExperimentDefinition> ReadAsync(ModelDocument document, CancellationToken cancellationToken)
    {
        var content = await _registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
        return Deserialize(content.Span);
    }
}
