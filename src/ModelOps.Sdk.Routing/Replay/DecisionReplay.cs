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
/// The logged line may carry properties this version of the SDK does not read (a later version adds, for example, an explanation);
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
    /// Gets why the decision came out as it did, computed by the replayed version on the logged input (<see cref="IDecisionExplainer"/>):
    /// the rules that fired, the feature contributions, or the occlusion attributions against the version's reference profile, with
    /// the reason codes of the model's reason-code table. <see langword="null"/> when explanations are off
    /// (<see cref="DecisionReplayOptions.Explain"/>), no explainer is registered, or the version cannot be explained
    /// (<see cref="ExplanationUnavailable"/> says why).
    /// </summary>
    public DecisionExplanation? Explanation { get; init; }

    /// <summary>Gets why the replayed version could not explain the decision, or <see langword="null"/>.</summary>
    public string? ExplanationUnavailable { get; init; }

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
