using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>What an <see cref="IGuardrailSignalSource"/> is asked about: one arm of one experiment at one evaluation.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="ExperimentName">The experiment.</param>
/// <param name="Arm">The arm checked (the challenger, or the promoted version after a promotion).</param>
/// <param name="Version">The version serving the arm, if known.</param>
/// <param name="Statistics">The arm's merged statistics.</param>
/// <param name="Now">The evaluation's time.</param>
public sealed record GuardrailContext(string ModelName, string ExperimentName, string Arm, int? Version, ArmStatistics Statistics, DateTimeOffset Now);
