namespace CreditApi;

/// <summary>The body of <c>POST /decisions</c>: the application, and the customer it is for (the experiment's sticky key).</summary>
public sealed record DecisionRequest(string? CustomerId, CreditApplication Application);
