namespace ModelOps.Sdk.Optimization;

/// <summary>The outcome of one solve: the status, the solution values by variable name, the objective and the solve time.</summary>
/// <remarks>
/// When there is no solution (<see cref="HasSolution"/> is <see langword="false"/>: infeasible, unbounded, or stopped by the time limit
/// before a feasible solution was found), <see cref="Values"/> is empty and <see cref="ObjectiveValue"/> is <see cref="double.NaN"/>.
/// </remarks>
public sealed class OptimizationResult
{
    /// <summary>Initializes a new instance of the <see cref="OptimizationResult"/> class.</summary>
    /// <param name="status">How the solve ended.</param>
    /// <param name="values">The solution values by variable name; empty without a solution.</param>
    /// <param name="objectiveValue">The objective's value, or <see cref="double.NaN"/> without a solution.</param>
    /// <param name="solveTime">The time the solver took.</param>
    public OptimizationResult(SolverStatus status, IReadOnlyDictionary<string, double> values, double objectiveValue, TimeSpan solveTime)
    {
        ArgumentNullException.ThrowIfNull(values);
        Status = status;
        Values = values;
        ObjectiveValue = objectiveValue;
        SolveTime = solveTime;
    }

    /// <summary>Gets how the solve ended.</summary>
    public SolverStatus Status { get; }

    /// <summary>Gets whether the result holds a feasible solution (optimal, feasible, or the best found before the time limit).</summary>
    public bool HasSolution => Values.Count > 0;

    /// <summary>Gets the solution values by variable name (integer and binary variables hold whole numbers); empty without a solution.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>Gets the objective's value, or <see cref="double.NaN"/> without a solution.</summary>
    public double ObjectiveValue { get; }

    /// <summary>Gets the time the solver took (building the model and solving it), measured with the flavor's <see cref="TimeProvider"/>.</summary>
    public TimeSpan SolveTime { get; }

    /// <summary>Gets <see cref="SolveTime"/> in milliseconds, the unit of the signature's <c>solveTimeMs</c> output, for monitoring.</summary>
    public double SolveTimeMilliseconds => SolveTime.TotalMilliseconds;
}
