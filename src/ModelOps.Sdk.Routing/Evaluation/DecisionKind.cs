namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>What an evaluation recommends for a challenger.</summary>
public enum DecisionKind
{
    /// <summary>Keep the experiment running: not enough data or time yet, no significant difference, or the split is not trustworthy.</summary>
    Continue = 0,

    /// <summary>The challenger is better by at least the minimum effect, with the always-valid p-value below α: make it champion.</summary>
    Promote = 1,

    /// <summary>The challenger is worse, cannot reach the minimum effect, or the experiment reached its maximum samples: stop it.</summary>
    Abandon = 2,

    /// <summary>A guardrail is breached: stop sending traffic to the challenger, or roll the champion alias back if it was promoted.</summary>
    Rollback = 3,
}
