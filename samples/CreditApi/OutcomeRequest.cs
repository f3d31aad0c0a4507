namespace CreditApi;

/// <summary>The body of <c>POST /outcomes</c>: the business reward of a decision, known later (a repaid loan, a default).</summary>
public sealed record OutcomeRequest(string PredictionId, double Reward);
