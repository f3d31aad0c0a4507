namespace ModelOps.Sdk.Optimization;

/// <summary>How a solve ended. Every status is a result, never an exception: an infeasible instance is an answer.</summary>
public enum SolverStatus
{
    /// <summary>The solution is optimal (within the solver's tolerances).</summary>
    Optimal,

    /// <summary>A feasible solution was found, but the solver stopped before proving it optimal, for a reason other than the time limit.</summary>
    Feasible,

    /// <summary>No solution satisfies the constraints with these parameter values.</summary>
    Infeasible,

    /// <summary>The objective can be improved without limit.</summary>
    Unbounded,

    /// <summary>
    /// The time limit (<see cref="OptimizationFlavorOptions.TimeLimit"/>) stopped the solver; <see cref="OptimizationResult.HasSolution"/>
    /// says whether it had found a feasible solution by then, and the values are that solution.
    /// </summary>
    TimeLimitReached,

    /// <summary>The solver failed (numerical trouble, for example).</summary>
    Abnormal,

    /// <summary>The solver rejected the model built with these parameter values (a coefficient it cannot take, for example).</summary>
    ModelInvalid,

    /// <summary>The solver stopped without a solution and without a reason it reports.</summary>
    NotSolved,
}
