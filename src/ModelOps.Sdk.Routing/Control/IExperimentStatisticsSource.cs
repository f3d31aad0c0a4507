using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Supplies the statistics that ramp decisions read. The default, registered by <c>builder.AddRouting()</c>, is this instance's
/// live recorders (<see cref="ExperimentRecorders.Snapshot"/>); register your own (for example one merging every instance's
/// documents from <see cref="ExperimentStatisticsStore"/>) to ramp on the whole service's traffic.
/// </summary>
public interface IExperimentStatisticsSource
{
    /// <summary>Gets an experiment's statistics.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The statistics (no arms when nothing was recorded).</returns>
    ValueTask<ExperimentStatistics> GetAsync(string modelName, string experimentName, CancellationToken cancellationToken = default);
}
