using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>The default <see cref="IExperimentStatisticsSource"/>: this instance's live recorders.</summary>
internal sealed class LocalExperimentStatisticsSource(ExperimentRecorders recorders) : IExperimentStatisticsSource
{
    public ValueTask<ExperimentStatistics> GetAsync(string modelName, string experimentName, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(recorders.Snapshot(modelName, experimentName));
}
