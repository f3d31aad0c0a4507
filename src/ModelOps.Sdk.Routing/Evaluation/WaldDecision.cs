namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>The decision of a <see cref="WaldSequentialTest"/> at one look.</summary>
public enum WaldDecision
{
    /// <summary>Neither boundary was crossed: take more samples.</summary>
    Continue = 0,

    /// <summary>The lower boundary was crossed: accept H₀.</summary>
    AcceptNull = 1,

    /// <summary>The upper boundary was crossed: accept H₁.</summary>
    AcceptAlternative = 2,
}
