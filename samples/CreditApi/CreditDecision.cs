using ModelOps.Sdk.Rules;

namespace CreditApi;

/// <summary>The output of the <c>credit-limit</c> decision table; a shared instance per rule, read it and do not modify it.</summary>
public sealed class CreditDecision
{
    public string Decision { get; set; } = string.Empty;

    public int Limit { get; set; }

    [RuleId]
    public string? Rule { get; set; }
}
