namespace CreditApi;

/// <summary>The answer of <c>POST /decisions</c>: the decision, and which model version and arm made it.</summary>
/// <param name="PredictionId">The id to report the outcome with (<c>POST /outcomes</c>).</param>
public sealed record DecisionResponse(string PredictionId, string Decision, int Limit, string? Rule, string Model, int Version, string Arm);
