using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Reporting;

/// <summary>One experiment of a model: its definition, its statistics merged over every instance, and a look at each challenger.</summary>
/// <param name="Definition">The latest stored definition (arms, traffic, status).</param>
/// <param name="StartedAt">When its first revision was stored.</param>
/// <param name="Statistics">The statistics merged over every serving instance, or <see langword="null"/> when none were saved.</param>
/// <param name="Looks">One look per challenger.</param>
public sealed record ExperimentReport(ExperimentDefinition Definition, DateTimeOffset StartedAt, ExperimentStatistics? Statistics, IReadOnlyList<ExperimentLook> Looks);
