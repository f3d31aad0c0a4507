using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>
/// The default <see cref="IDecisionReplayer"/>: reads the prediction from a log, loads the version named in its id with
/// <see cref="IModelScorerFactory.LoadAsync"/> (the registry and the version's flavor, not a serving scorer, so a version that no
/// alias points to any more still loads), scores the logged input through <see cref="IJsonScoringModel"/>, and compares.
/// </summary>
/// <remarks>
/// Output fields are matched by name, exactly or else ignoring case (the log writes camelCase names). Logged fields the replayed
/// output does not name are reported as <see cref="FieldComparison.NotCompared"/>. Thread-safe.
/// </remarks>
public sealed class DecisionReplayer : IDecisionReplayer
{
    private const string RulesFlavor = "rules";
    private readonly IModelScorerFactory _scorers;
    private readonly Func<PredictionId, CancellationToken, ValueTask<LoggedPrediction?>> _find;
    private readonly Func<DateOnly?> _removedThrough;
    private readonly DecisionReplayOptions _options;
    private readonly IDecisionExplainer? _explainer;

    /// <summary>Initializes a new instance of the <see cref="DecisionReplayer"/> class over a prediction log sink.</summary>
    /// <param name="scorers">Loads versions.</param>
    /// <param name="predictionLog">The log; when it is a <see cref="JsonLinesPredictionLogSink"/>, its retention is reported.</param>
    /// <param name="options">The comparison's tolerances, or <see langword="null"/> for the defaults.</param>
    /// <param name="explainer">Explains each replayed decision with the replayed version (<see cref="DecisionReplay.Explanation"/>), or <see langword="null"/> for no explanation.</param>
    /// <exception cref="ArgumentException">The tolerances are invalid.</exception>
    public DecisionReplayer(IModelScorerFactory scorers, IPredictionLogSink predictionLog, IOptions<DecisionReplayOptions>? options, IDecisionExplainer? explainer)
        : this(scorers, options?.Value, (predictionLog ?? throw new ArgumentNullException(nameof(predictionLog))).FindAsync,
            predictionLog is JsonLinesPredictionLogSink sink ? sink.ReadRemovedThrough : static () => null, explainer)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DecisionReplayer"/> class over a log directory read by a <see cref="JsonLinesPredictionLogReader"/>.</summary>
    /// <param name="scorers">Loads versions.</param>
    /// <param name="reader">Reads the log without writing to it.</param>
    /// <param name="options">The comparison's tolerances, or <see langword="null"/> for the defaults.</param>
    /// <param name="explainer">Explains each replayed decision with the replayed version (<see cref="DecisionReplay.Explanation"/>), or <see langword="null"/> for no explanation.</param>
    /// <exception cref="ArgumentException">The tolerances are invalid.</exception>
    public DecisionReplayer(IModelScorerFactory scorers, JsonLinesPredictionLogReader reader, DecisionReplayOptions? options, IDecisionExplainer? explainer)
        : this(scorers, options, (reader ?? throw new ArgumentNullException(nameof(reader))).FindAsync, reader.ReadRemovedThrough, explainer)
    {
    }

    private DecisionReplayer(IModelScorerFactory scorers, DecisionReplayOptions? options, Func<PredictionId, CancellationToken, ValueTask<LoggedPrediction?>> find, Func<DateOnly?> removedThrough, IDecisionExplainer? explainer)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        _options = options ?? new DecisionReplayOptions();
        if (DecisionReplayOptionsValidator.Problems(_options) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _scorers = scorers;
        _find = find;
        _removedThrough = removedThrough;
        _explainer = explainer;
    }

    /// <inheritdoc />
    public async Task<DecisionReplay> ReplayAsync(PredictionId predictionId, CancellationToken cancellationToken = default)
    {
        if (predictionId.ModelName is null)
        {
            throw new ArgumentException("The prediction id is empty.", nameof(predictionId));
        }

        var logged = await _find(predictionId, cancellationToken).ConfigureAwait(false);
        if (logged is null)
        {
            throw _removedThrough() is { } removed
                ? new PredictionLogRemovedException(predictionId, removed)
                : new PredictionNotLoggedException(predictionId, "the log does not hold it (it was dropped when the log's queue was full, written to a log this instance does not read, or deleted)");
        }

        if (logged.RedactedFields.Count > 0)
        {
            throw new PredictionNotReplayableException(predictionId,
                $"the log redacted input field(s) {string.Join(", ", logged.RedactedFields.Select(static f => $"'{f}'"))} (personal data), so the input the version saw is not known", logged.RedactedFields);
        }

        if (logged.Output is not { } loggedOutput)
        {
            throw new PredictionNotReplayableException(predictionId, "the log holds no output to compare with (it was written before outputs were logged)");
        }

        var model = await _scorers.LoadAsync(predictionId.ModelName, predictionId.Version, cancellationToken).ConfigureAwait(false);
        await using (model.ConfigureAwait(false))
        {
            if (model is not IJsonScoringModel json)
            {
                throw new PredictionNotReplayableException(predictionId, $"the flavor '{model.Version.Flavor}' of version {model.Version.Version} cannot score a JSON input (its loaded model does not implement IJsonScoringModel)");
            }

            var input = JsonSerializer.SerializeToElement(logged.Input);
            var replayed = json.ScoreJson(input);
            var exact = string.Equals(model.Version.Flavor, RulesFlavor, StringComparison.Ordinal);
            var fields = new List<ReplayedField>();
            Compare(string.Empty, loggedOutput, replayed, exact, fields);
            var served = new ServedModel(model.Version.ModelName, model.Version.Version, model.Version.Artifact.Sha256, model.Version.Flavor);
            var replay = new DecisionReplay(predictionId, served, logged.Timestamp, logged.Input, loggedOutput, replayed, fields) { Logged = logged };
            DecisionExplanation? recomputed = null;
            if (_options.Explain && _explainer is not null)
            {
                // Explained by the same loaded version on the same input, so the reasons are those of the decision replayed.
                try
                {
                    recomputed = await _explainer.ExplainAsync(model, input, cancellationToken).ConfigureAwait(false);
                }
                catch (ExplanationUnavailableException unavailable)
                {
                    replay = replay with { ExplanationUnavailable = unavailable.Message };
                }
            }

            // The explanation logged when the decision was made is the one given then; the recomputed one checks it.
            return replay with
            {
                Explanation = logged.Explanation ?? recomputed,
                RecomputedExplanation = recomputed,
                ExplanationFields = logged.Explanation is { } given && recomputed is not null ? CompareExplanations(given, recomputed, exact) : [],
            };
        }
    }

    /// <summary>
    /// Compares a logged explanation with the one recomputed by the replayed version, under the rules outputs are compared with:
    /// the explained output's values, each feature's contribution (by feature name; a feature only one of them has differs), the
    /// fired rules and the reason codes (exactly, in order).
    /// </summary>
    private List<ReplayedField> CompareExplanations(DecisionExplanation logged, DecisionExplanation recomputed, bool exact)
    {
        var fields = new List<ReplayedField>();
        static JsonNode? Number(double? value) => value is { } v ? JsonValue.Create(v) : null;
        void Add(string path, JsonNode? a, JsonNode? b) =>
            fields.Add(a is null || b is null ? new ReplayedField(path, a, b, FieldComparison.Exact, a is null && b is null) : CompareValue(path, a, b, exact));

        Add("explanation.outputValue", Number(logged.OutputValue), Number(recomputed.OutputValue));
        Add("explanation.baselineOutputValue", Number(logged.BaselineOutputValue), Number(recomputed.BaselineOutputValue));
        var recomputedContributions = recomputed.Contributions.ToDictionary(static c => c.Feature, StringComparer.Ordinal);
        foreach (var contribution in logged.Contributions)
        {
            var other = recomputedContributions.Remove(contribution.Feature, out var match) ? Number(match.Contribution) : null;
            Add($"explanation.contributions[{contribution.Feature}]", Number(contribution.Contribution), other);
        }

        foreach (var (feature, contribution) in recomputedContributions)
        {
            Add($"explanation.contributions[{feature}]", null, Number(contribution.Contribution));
        }

        Add("explanation.firedRules", new JsonArray([.. logged.FiredRules.Select(static r => (JsonNode)r.RuleId)]), new JsonArray([.. recomputed.FiredRules.Select(static r => (JsonNode)r.RuleId)]));
        Add("explanation.reasonCodes", new JsonArray([.. logged.ReasonCodes.Select(static r => (JsonNode)r.Code)]), new JsonArray([.. recomputed.ReasonCodes.Select(static r => (JsonNode)r.Code)]));
        return fields;
    }

    private void Compare(string path, JsonNode? logged, JsonNode? replayed, bool exact, List<ReplayedField> fields)
    {
        switch (logged)
        {
            case JsonObject loggedObject:
                foreach (var (name, value) in loggedObject)
                {
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (replayed is JsonObject replayedObject && Find(replayedObject, name) is { } match)
                    {
                        Compare(childPath, value, match.Value, exact, fields);
                    }
                    else
                    {
                        fields.Add(new ReplayedField(childPath, value, null, FieldComparison.NotCompared, Matches: true));
                    }
                }

                return;
            case JsonArray loggedArray when replayed is JsonArray replayedArray && replayedArray.Count == loggedArray.Count:
                for (var i = 0; i < loggedArray.Count; i++)
                {
                    Compare(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), loggedArray[i], replayedArray[i], exact, fields);
                }

                return;
            default:
                fields.Add(CompareValue(path, logged, replayed, exact));
                return;
        }
    }

    private ReplayedField CompareValue(string path, JsonNode? logged, JsonNode? replayed, bool exact)
    {
        if (logged is JsonValue a && replayed is JsonValue b
            && a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            // Numbers compare by value, not by spelling (1, 1.0 and 1e0 are one number), read from their JSON text so that a float
            // the flavor wrote and the same float the log serialized read alike.
            var (textA, textB) = (a.ToJsonString(), b.ToJsonString());
            var x = double.Parse(textA, NumberStyles.Float, CultureInfo.InvariantCulture);
            var y = double.Parse(textB, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (exact || (IsInteger(textA) && IsInteger(textB)))
            {
                return new ReplayedField(path, logged, replayed, FieldComparison.Exact, string.Equals(textA, textB, StringComparison.Ordinal) || x == y);
            }

            // Python's math.isclose (PEP 485): symmetric, relative to the larger magnitude, with an absolute floor near zero.
            var close = x == y || Math.Abs(x - y) <= Math.Max(_options.RelativeTolerance * Math.Max(Math.Abs(x), Math.Abs(y)), _options.AbsoluteTolerance);
            return new ReplayedField(path, logged, replayed, FieldComparison.Tolerance, close);
        }

        return new ReplayedField(path, logged, replayed, FieldComparison.Exact, JsonNode.DeepEquals(logged, replayed));
    }

    private static bool IsInteger(string number) => number.AsSpan().IndexOfAny(".eE") < 0;

    private static KeyValuePair<string, JsonNode?>? Find(JsonObject node, string name)
    {
        if (node.TryGetPropertyValue(name, out var exact))
        {
            return new(name, exact);
        }

        foreach (var property in node)
        {
            if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }
}
