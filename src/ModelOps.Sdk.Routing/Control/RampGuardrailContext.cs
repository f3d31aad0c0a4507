using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// What an <see cref="IRampGuardrail"/> sees: the experiment's current revision, its statistics and the time.
/// </summary>
/// <param name="Definition">The experiment's current revision.</param>
/// <param name="Statistics">Its statistics, from the registered <see cref="IExperimentStatisticsSource"/>.</param>
/// <param name="Now">The time of the check.</param>
public sealed record RampGuardrailContext(ExperimentDefinition Definition, ExperimentStatistics Statistics, DateTimeOffset Now);
