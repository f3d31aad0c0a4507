using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>
/// Creates <see cref="ModelMonitor{TInput, TOutput}"/> instances for registered model versions, with the options given to
/// <c>builder.AddMonitoring(...)</c>. Resolve it from dependency injection.
/// </summary>
public interface IModelMonitorFactory
{
    /// <summary>
    /// Creates a monitor for a model version: loads the version's reference profile from the registry, checks the schema against
    /// the version's signature (differences go into every report's data-quality section) and starts the first window.
    /// </summary>
    /// <typeparam name="TInput">The model's input row type.</typeparam>
    /// <typeparam name="TOutput">The model's output type.</typeparam>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version (resolve an alias with <see cref="IModelRegistry.ResolveAliasAsync"/> first).</param>
    /// <param name="schema">What to read from each row and output; it must have the reference profile's features.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The monitor; dispose it when the version stops serving.</returns>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    /// <exception cref="ReferenceProfileNotFoundException">The version has no reference profile.</exception>
    /// <exception cref="ProfileMismatchException">The reference profile does not have the schema's features.</exception>
    Task<ModelMonitor<TInput, TOutput>> CreateAsync<TInput, TOutput>(string modelName, int version, MonitoringSchema<TInput, TOutput> schema, CancellationToken cancellationToken = default);
}
