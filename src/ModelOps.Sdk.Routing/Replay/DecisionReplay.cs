using System.Text.Json.Nodes;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>A replayed decision: the version that made it, what it logged, what it gives now, and how each field compares.</summary>
/// <param name="PredictionId">The prediction's id.</param>
/// <param name="Model">The version that made the decision and was loaded again (model, version, artifact SHA-256, flavor).</param>
/// <param name="Timestamp">When the decision was made, as logged.</param>
/// <param name="Input">The logged input the version scored again.</param>
/// <param name="LoggedOutput">The output as logged.</param>
/// <param name="ReplayedOutput">The output the version gives now, as its flavor writes it (<c>IJsonScoringModel</c>).</param>
/// <param name="Fields">Every field of the logged output (arrays and nested objects by element), compared.</param>
/// <remarks>
/// <see cref="IsReproduced"/> is about the output; a logged explanation that the version no longer gives shows in
/// <see cref="ExplanationDifferences"/>. The logged line may carry properties this version of the SDK does not read;
/// <see cref="Logged"/> holds the whole logged prediction, including its line.
/// </remarks>
public sealed record DecisionReplay(
    PredictionId PredictionId,
    ServedModel Model,
    DateTimeOffset Timestamp,
    JsonObject Input,
    JsonNode LoggedOutput,
    JsonObject ReplayedOutput,
    IReadOnlyList<ReplayedField> Fields)
{
    /// <summary>Gets the logged prediction as read from the log.</summary>
    public LoggedPrediction? Logged { get; init; }

    /// <summary>
    /// Gets why the decision came out as it did: the explanation logged when the decision was made, when the log holds one
    /// (<see cref="LoggedPrediction.Explanation"/>), else the one computed by the replayed version on the logged input
    /// (<see cref="RecomputedExplanation"/>). Either holds the rules that fired, the feature contributions, or the occlusion
    /// attributions against the version's reference profile, with the reason codes of the version's reason-code table.
    /// <see langword="null"/> when none was logged and explanations are off (<see cref="DecisionReplayOptions.Explain"/>), no
    /// explainer is registered, or the version cannot be explained (<see cref="ExplanationUnavailable"/> says why).
    /// </summary>
    public DecisionExplanation? Explanation { get; init; }

    /// <summary>Gets the explanation computed now by the replayed version on the logged input, or <see langword="null"/>.</summary>
    public DecisionExplanation? RecomputedExplanation { get; init; }

    /// <summary>Gets why the replayed version could not explain the decision, or <see langword="null"/>.</summary>
    public string? ExplanationUnavailable { get; init; }

    /// <summary>
    /// Gets the logged explanation compared with the recomputed one, under the rules the output's fields are compared with
    /// (exactly for rules, within the tolerance for other numbers): <c>explanation.outputValue</c>,
    /// <c>explanation.baselineOutputValue</c>, one <c>explanation.contributions[feature]</c> per feature either has,
    /// <c>explanation.firedRules</c> and <c>explanation.reasonCodes</c>. Empty when the log holds no explanation or none was recomputed.
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<ReplayedField> ExplanationFields { get; init; } = [];

    /// <summary>Gets the parts of the logged explanation that differ from the recomputed one (by feature for contributions).</summary>
    public IReadOnlyList<ReplayedField> ExplanationDifferences => [.. ExplanationFields.Where(static f => !f.Matches)];

    /// <summary>Gets the fields whose replayed value differs from the logged one.</summary>
    public IReadOnlyList<ReplayedField> DifferingFields => [.. Fields.Where(static f => !f.Matches)];

    /// <summary>
    /// Gets a value indicating whether the replay reproduced the decision: at least one field was compared, and every compared
    /// field agrees. Fields the replayed output does not name are listed as <see cref="FieldComparison.NotCompared"/> and do not
    /// count against it.
    /// </summary>
    public bool IsReproduced => Fields.All(static f => f.Matches) && Fields.Any(static f => f.Comparison != FieldComparison.NotCompared);

    /// <summary>Throws when the decision was not reproduced: a strict replay.</summary>
    /// <returns>This replay, when reproduced.</returns>
    /// <exception cref="DecisionNotReproducedException">A field differs, or no field could be compared; the exception names the version and the fields.</exception>
    public DecisionReplay EnsureReproduced() => IsReproduced ? this : throw new DecisionNotReproducedException(this);
}
