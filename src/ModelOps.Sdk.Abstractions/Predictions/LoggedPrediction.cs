using System.Text.Json.Nodes;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Predictions;

/// <summary>A prediction as read back from a prediction log.</summary>
/// <param name="Id">The prediction's id (model, experiment or alias, arm, version).</param>
/// <param name="Timestamp">When the prediction was made.</param>
/// <param name="Predicted">The predicted value, or <see langword="null"/> if none was logged.</param>
/// <param name="Input">The input's fields as logged: redacted fields are absent or replaced by their keyed hash.</param>
/// <remarks>
/// A log line may carry properties this version of the SDK does not know (a later version adds them); readers ignore them, and <see cref="Record"/> keeps the whole line for whoever wants them.
/// </remarks>
public sealed record LoggedPrediction(PredictionId Id, DateTimeOffset Timestamp, double? Predicted, JsonObject Input)
{
    /// <summary>Gets the model's full output as logged, or <see langword="null"/> when the line has none (written before outputs were logged, or by a caller that logs none).</summary>
    public JsonNode? Output { get; init; }

    /// <summary>
    /// Gets the input fields the log redacted (removed or replaced by their keyed hash), as configured paths such as <c>ssn</c> or
    /// <c>address.street</c>: the logged input no longer holds their values, so a decision that read them cannot be replayed.
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> RedactedFields { get; init; } = [];

    /// <summary>
    /// Gets the explanation logged with the decision (computed when it was made, by the version that made it, after redaction), or
    /// <see langword="null"/> when the line has none: no explanation was asked for, it was written before explanations were
    /// logged, or it could not be computed or read (<see cref="ExplanationUnavailable"/>).
    /// </summary>
    public DecisionExplanation? Explanation { get; init; }

    /// <summary>Gets why an explanation that was asked for is missing from the line, or <see langword="null"/>.</summary>
    public string? ExplanationUnavailable { get; init; }

    /// <summary>Gets the whole logged line as a JSON object, including any property this version does not read.</summary>
    public JsonObject? Record { get; init; }
}
