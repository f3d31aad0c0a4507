using ModelOps.Sdk.Routing.Control;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// An <see cref="IExperimentStatisticsSource"/> that reads every instance's latest stored snapshot from the registry and merges
/// them (<see cref="ExperimentStatisticsStore.LoadMergedAsync"/>), so ramp and evaluation decisions see the whole service's
/// traffic rather than one instance's. Register it in place of the default to use it.
/// </summary>
/// <remarks>It sees what instances have saved with <see cref="ExperimentStatisticsStore.SaveAsync"/>, not calls recorded since.</remarks>
public sealed class StoredExperimentStatisticsSource : IExperimentStatisticsSource
{
    private readonly ExperimentStatisticsStore _store;

    /// <summary>Initializes a new instance of the <see cref="StoredExperimentStatisticsSource"/> class.</summary>
    /// <param name="store">The store to read from.</param>
    public StoredExperimentStatisticsSource(ExperimentStatisticsStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc/>
    public async ValueTask<ExperimentStatistics> GetAsync(string modelName, string experimentName, CancellationToken cancellationToken = default) =>
        await _store.LoadMergedAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false)
        ?? new ExperimentStatistics { ExperimentName = experimentName, Instances = [], Arms = [] };
}
