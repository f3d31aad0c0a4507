using System.Text.Json.Nodes;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>One output field of a replay, as logged and as scored again.</summary>
/// <param name="Path">The field's path in the logged output, for example <c>score</c>, <c>probabilities[2]</c> or <c>limit.amount</c>.</param>
/// <param name="Logged">The logged value.</param>
/// <param name="Replayed">The replayed value, or <see langword="null"/> when the replayed output has no such field.</param>
/// <param name="Comparison">How the two were compared.</param>
/// <param name="Matches">Whether they agree (always <see langword="true"/> for <see cref="FieldComparison.NotCompared"/>).</param>
public sealed record ReplayedField(string Path, JsonNode? Logged, JsonNode? Replayed, FieldComparison Comparison, bool Matches);
