namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Stores each instance's <see cref="ExperimentStatistics"/> in the registry as a model-level document, and merges the latest
/// snapshot of every instance, so any instance can evaluate the experiment on all traffic. Thread-safe.
/// </summary>
/// <remarks>
/// Documents have kind <see cref="DocumentKinds.ExperimentStatistics"/> and name <c>&lt;experiment&gt;.&lt;instance&gt;</c>. Each save adds a revision
/// (documents are append-only); a snapshot holds everything the instance recorded since it started, so only the latest revision
/// per instance is read. Save at an interval that suits the registry's size, for example once a minute.
/// </remarks>
public sealed class ExperimentStatisticsStore
{
    private readonly IModelRegistry _registry;

    /// <summary>Initializes a new instance of the <see cref="ExperimentStatisticsStore"/> class.</summary>
    /// <param name="registry">The registry to store in.</param>
    public ExperimentStatisticsStore(IModelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <summary>Stores one instance's snapshot as a new revision of its document.</summary>
    /// <param name="modelName">The model the experiment belongs to.</param>
    /// <param name="statistics">One instance's statistics.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="ArgumentException"><paramref name="statistics"/> holds more than one instance (store per instance, not merged statistics).</exception>
    /// <exception cref="InvalidModelNameException">The experiment or instance name breaks the registry's naming rules.</exception>
    public Task<ModelDocument> SaveAsync(string modelName, ExperimentStatistics statistics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Instances.Count != 1)
        {
            throw new ArgumentException($"Store one instance's statistics; these hold {statistics.Instances.Count} instances.", nameof(statistics));
        }

        return _registry.AttachDocumentAsync(
            new DocumentAttachment
            {
                ModelName = modelName,
                Kind = DocumentKinds.ExperimentStatistics,
                Name = $"{statistics.ExperimentName}.{statistics.Instances[0]}",
                Content = statistics.ToUtf8Json(),
                Reason = $"Statistics of experiment '{statistics.ExperimentName}' from instance '{statistics.Instances[0]}'",
            },
            cancellationToken);
    }

    /// <summary>Reads the latest snapshot of every instance of an experiment and merges them.</summary>
    /// <param name="modelName">The model the experiment belongs to.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The merged statistics, or <see langword="null"/> if no instance stored any.</returns>
    /// <exception cref="ExperimentStatisticsMismatchException">A stored snapshot is invalid or cannot be merged.</exception>
    public async Task<ExperimentStatistics?> LoadMergedAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentName);
        var documents = await _registry.ListDocumentsAsync(modelName, null, DocumentKinds.ExperimentStatistics, cancellationToken).ConfigureAwait(false);
        var prefix = experimentName + ".";
        ExperimentStatistics? merged = null;
        foreach (var latest in documents
            .Where(d => d.Name.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(static d => d.Name, StringComparer.Ordinal)
            .Select(static g => g.MaxBy(static d => d.Revision)!))
        {
            var content = await _registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
            var statistics = ExperimentStatistics.FromUtf8Json(content.Span);
            if (!string.Equals(statistics.ExperimentName, experimentName, StringComparison.Ordinal))
            {
                continue; // another experiment whose name starts with this one's followed by a dot
            }

            merged = merged is null ? statistics : ExperimentStatistics.Merge(merged, statistics);
        }

        return merged;
    }
}
