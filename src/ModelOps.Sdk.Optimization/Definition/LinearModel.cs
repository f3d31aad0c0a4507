namespace ModelOps.Sdk.Optimization.Definition;

/// <summary>A number in the model: a constant, or the value of a parameter, read per solve.</summary>
/// <param name="Constant">The constant, when <paramref name="Parameter"/> is negative.</param>
/// <param name="Parameter">The parameter's index in <see cref="LinearModel.Parameters"/>, or -1 for a constant.</param>
internal readonly record struct ModelValue(double Constant, int Parameter)
{
    public static ModelValue Of(double constant) => new(constant, -1);

    public static ModelValue OfParameter(int parameter) => new(0, parameter);

    public double Resolve(double[] parameters) => Parameter < 0 ? Constant : parameters[Parameter];
}

/// <summary>A named parameter: its default (optional parameters) and the value the smoke solve uses.</summary>
internal sealed record ParameterDefinition(string Name, double? Default, double? Example)
{
    /// <summary>Gets the value used by the registration's smoke solve: the example, else the default.</summary>
    public double SmokeValue => Example ?? Default!.Value;
}

/// <summary>The kind of a decision variable.</summary>
internal enum VariableKind
{
    Continuous,
    Integer,
    Binary,
}

/// <summary>A decision variable with its bounds.</summary>
internal sealed record VariableDefinition(string Name, VariableKind Kind, ModelValue Lower, ModelValue Upper);

/// <summary>One coefficient of a linear expression.</summary>
internal readonly record struct LinearTerm(int Variable, ModelValue Coefficient);

/// <summary>A linear constraint <c>lower &lt;= sum(terms) &lt;= upper</c>.</summary>
internal sealed record ConstraintDefinition(string Name, LinearTerm[] Terms, ModelValue Lower, ModelValue Upper);

/// <summary>
/// A parsed linear or mixed-integer model whose numbers may be parameters: the one form both artifact formats (JSON and MPS with
/// bindings) are read into, and the only one the solver sees.
/// </summary>
internal sealed class LinearModel(
    string name,
    IReadOnlyList<ParameterDefinition> parameters,
    IReadOnlyList<VariableDefinition> variables,
    IReadOnlyList<ConstraintDefinition> constraints,
    bool maximize,
    LinearTerm[] objective,
    ModelValue objectiveOffset)
{
    public string Name { get; } = name;

    public IReadOnlyList<ParameterDefinition> Parameters { get; } = parameters;

    public IReadOnlyList<VariableDefinition> Variables { get; } = variables;

    public IReadOnlyList<ConstraintDefinition> Constraints { get; } = constraints;

    public bool Maximize { get; } = maximize;

    public LinearTerm[] Objective { get; } = objective;

    public ModelValue ObjectiveOffset { get; } = objectiveOffset;

    /// <summary>Gets whether a variable is integer or binary, so a MIP solver is needed.</summary>
    public bool IsMixedInteger { get; } = variables.Any(v => v.Kind != VariableKind.Continuous);

    /// <summary>Gets the parameter values of the smoke instance.</summary>
    public double[] SmokeValues() => [.. Parameters.Select(p => p.SmokeValue)];
}
