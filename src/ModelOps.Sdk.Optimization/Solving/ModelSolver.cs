using System.Collections.Frozen;
using Google.OrTools.LinearSolver;
using ModelOps.Sdk.Optimization.Definition;

namespace ModelOps.Sdk.Optimization.Solving;

/// <summary>
/// Solves a <see cref="LinearModel"/> for given parameter values with OR-Tools' linear solver.
/// </summary>
/// <remarks>
/// OR-Tools' <see cref="Solver"/> is not thread-safe, and scorers are called from many threads at once. Each call therefore builds
/// its own solver, solves and disposes it: building a model of a few hundred rows is a few thousand native calls, small beside the
/// solve itself (SCIP's presolve alone takes milliseconds), and a solver from a pool would need every bound, coefficient and
/// right-hand side reset anyway (as many calls as building it) plus a lock, and would keep the solvers' native memory alive between
/// calls. This instance holds only immutable data and is safe to share.
/// </remarks>
internal sealed class ModelSolver
{
    private readonly LinearModel _model;
    private readonly string _solverId;
    private readonly TimeSpan _timeLimit;
    private readonly long _timeLimitMilliseconds;
    private readonly TimeProvider _timeProvider;
    private readonly string[] _names;
    private readonly FrozenDictionary<string, int> _index;

    public ModelSolver(LinearModel model, OptimizationFlavorOptions options, TimeProvider timeProvider)
    {
        _model = model;
        _solverId = (model.IsMixedInteger ? options.MipSolver : options.LpSolver).ToUpperInvariant();
        _timeLimit = options.TimeLimit;
        _timeLimitMilliseconds = Math.Max(1, (long)Math.Ceiling(options.TimeLimit.TotalMilliseconds));
        _timeProvider = timeProvider;
        _names = [.. model.Variables.Select(v => v.Name)];
        _index = _names.Select((n, i) => KeyValuePair.Create(n, i)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    public LinearModel Model => _model;

    /// <summary>Gets the OR-Tools solver id used for this model.</summary>
    public string SolverId => _solverId;

    public OptimizationResult Solve(double[] parameters)
    {
        var started = _timeProvider.GetTimestamp();
        using var solver = Solver.CreateSolver(_solverId)
            ?? throw new InvalidOperationException($"OR-Tools has no '{_solverId}' solver in this process; the native package for this platform may be missing.");
        solver.SetTimeLimit(_timeLimitMilliseconds);

        var variables = new Variable[_model.Variables.Count];
        for (var v = 0; v < variables.Length; v++)
        {
            var definition = _model.Variables[v];
            variables[v] = solver.MakeVar(
                definition.Lower.Resolve(parameters), definition.Upper.Resolve(parameters), definition.Kind != VariableKind.Continuous, definition.Name);
        }

        foreach (var definition in _model.Constraints)
        {
            var constraint = solver.MakeConstraint(definition.Lower.Resolve(parameters), definition.Upper.Resolve(parameters), definition.Name);
            foreach (var term in definition.Terms)
            {
                constraint.SetCoefficient(variables[term.Variable], term.Coefficient.Resolve(parameters));
            }
        }

        var objective = solver.Objective();
        foreach (var term in _model.Objective)
        {
            objective.SetCoefficient(variables[term.Variable], term.Coefficient.Resolve(parameters));
        }

        objective.SetOffset(_model.ObjectiveOffset.Resolve(parameters));
        objective.SetOptimizationDirection(_model.Maximize);

        var outcome = solver.Solve();
        if (outcome == Solver.ResultStatus.INFEASIBLE && _solverId == "GLOP")
        {
            // GLOP's presolve reports an unbounded LP as infeasible (it proves only "infeasible or unbounded"); without presolve the
            // simplex tells them apart. Only instances found infeasible pay for the second solve.
            using var withoutPresolve = new MPSolverParameters();
            withoutPresolve.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
            outcome = solver.Solve(withoutPresolve);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);

        // OR-Tools reports a solve its time limit stopped as FEASIBLE (a solution was found) or NOT_SOLVED (none was): the measured
        // interval contains the solver's own, so reaching the limit here means the limit stopped it.
        var hitLimit = elapsed >= _timeLimit;
        var status = outcome switch
        {
            Solver.ResultStatus.OPTIMAL => SolverStatus.Optimal,
            Solver.ResultStatus.FEASIBLE => hitLimit ? SolverStatus.TimeLimitReached : SolverStatus.Feasible,
            Solver.ResultStatus.INFEASIBLE => SolverStatus.Infeasible,
            Solver.ResultStatus.UNBOUNDED => SolverStatus.Unbounded,
            Solver.ResultStatus.MODEL_INVALID => SolverStatus.ModelInvalid,
            Solver.ResultStatus.NOT_SOLVED => hitLimit ? SolverStatus.TimeLimitReached : SolverStatus.NotSolved,
            _ => SolverStatus.Abnormal,
        };

        if (outcome is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            return new OptimizationResult(status, new SolutionValues(_index, _names, []), double.NaN, elapsed);
        }

        var values = new double[variables.Length];
        for (var v = 0; v < values.Length; v++)
        {
            var value = variables[v].SolutionValue();
            values[v] = _model.Variables[v].Kind == VariableKind.Continuous ? value : Math.Round(value);
        }

        return new OptimizationResult(status, new SolutionValues(_index, _names, values), objective.Value(), elapsed);
    }
}
