using System.Text;
using System.Text.Json;
using Google.OrTools.ModelBuilder;

namespace ModelOps.Sdk.Optimization.Definition;

/// <summary>
/// Reads an MPS file with OR-Tools' MPS reader into a <see cref="LinearModel"/> of constants, then replaces the numbers that the
/// manifest binds to parameters.
/// </summary>
internal static class MpsImporter
{
    public static LinearModel? Import(string name, string file, ReadOnlyMemory<byte> content, List<ModelError> errors)
    {
        var model = new Model();
        if (content.IsEmpty || !model.ImportFromMpsString(Encoding.UTF8.GetString(content.Span)))
        {
            errors.Add(new ModelError($"mpsFile '{file}'", "OR-Tools' MPS reader cannot read the file (check the ROWS, COLUMNS, RHS, BOUNDS and ENDATA sections)"));
            return null;
        }

        var helper = model.Helper;
        var variables = new VariableDefinition[helper.VariablesCount()];
        var objective = new List<LinearTerm>();
        for (var v = 0; v < variables.Length; v++)
        {
            var integral = helper.VarIsIntegral(v);
            variables[v] = new VariableDefinition(
                helper.VarName(v),
                integral ? VariableKind.Integer : VariableKind.Continuous,
                ModelValue.Of(helper.VarLowerBound(v)),
                ModelValue.Of(helper.VarUpperBound(v)));
            var cost = helper.VarObjectiveCoefficient(v);
            if (cost != 0)
            {
                objective.Add(new LinearTerm(v, ModelValue.Of(cost)));
            }

            if (Array.IndexOf(ModelDocumentParser.ReservedOutputNames, variables[v].Name) >= 0)
            {
                errors.Add(new ModelError($"mpsFile '{file}' column '{variables[v].Name}'", $"the name is reserved for the solver's own output ({string.Join(", ", ModelDocumentParser.ReservedOutputNames)}); rename the column"));
            }
        }

        var constraints = new ConstraintDefinition[helper.ConstraintsCount()];
        for (var c = 0; c < constraints.Length; c++)
        {
            var indices = helper.ConstraintVarIndices(c);
            var coefficients = helper.ConstraintCoefficients(c);
            var terms = new LinearTerm[indices.Length];
            for (var t = 0; t < terms.Length; t++)
            {
                terms[t] = new LinearTerm(indices[t], ModelValue.Of(coefficients[t]));
            }

            constraints[c] = new ConstraintDefinition(
                helper.ConstraintName(c), terms, ModelValue.Of(helper.ConstraintLowerBound(c)), ModelValue.Of(helper.ConstraintUpperBound(c)));
        }

        if (variables.Length == 0)
        {
            errors.Add(new ModelError($"mpsFile '{file}'", "the MPS model has no column"));
            return null;
        }

        return errors.Count == 0
            ? new LinearModel(name, [], variables, constraints, helper.Maximize(), [.. objective], ModelValue.Of(helper.ObjectiveOffset()))
            : null;
    }

    /// <summary>Applies the manifest's bindings: each target (a row's right-hand side, a column's bound, a coefficient) becomes a parameter.</summary>
    public static LinearModel? Bind(LinearModel model, IReadOnlyList<ParameterDefinition> parameters, List<(int Parameter, string Part, JsonElement Binding)> bindings, List<ModelError> errors)
    {
        var variables = model.Variables.ToArray();
        var constraints = model.Constraints.ToArray();
        var objective = model.Objective.ToList();
        var columns = Index(variables.Select(v => v.Name));
        var rows = Index(constraints.Select(c => c.Name));
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (parameter, part, binding) in bindings)
        {
            var value = ModelValue.OfParameter(parameter);
            if (binding.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ModelError(part, $"must be an object such as {{ \"rhs\": \"ROW\" }}, not {ModelDocumentParser.Describe(binding)}"));
                continue;
            }

            var target = Target(binding, part, errors);
            if (target is null)
            {
                continue;
            }

            var (kind, row, column) = target.Value;
            if (!bound.TryAdd($"{kind}|{row}|{column}", parameters[parameter].Name))
            {
                errors.Add(new ModelError(part, $"this target is already bound to parameter '{bound[$"{kind}|{row}|{column}"]}'"));
                continue;
            }

            int r = -1, c = -1;
            if (row is not null && !rows.TryGetValue(row, out r))
            {
                errors.Add(new ModelError(part, $"the MPS model has no row named '{row}'"));
                continue;
            }

            if (column is not null && !columns.TryGetValue(column, out c))
            {
                errors.Add(new ModelError(part, $"the MPS model has no column named '{column}'"));
                continue;
            }

            switch (kind)
            {
                case "rhs":
                    var constraint = constraints[r];
                    var hasLower = double.IsFinite(constraint.Lower.Constant);
                    var hasUpper = double.IsFinite(constraint.Upper.Constant);
                    if (hasLower && hasUpper && constraint.Lower != constraint.Upper)
                    {
                        errors.Add(new ModelError(part, $"row '{row}' is ranged (RANGES section), so its right-hand side is two numbers; bind \"rowLower\" or \"rowUpper\" instead"));
                    }
                    else if (!hasLower && !hasUpper)
                    {
                        errors.Add(new ModelError(part, $"row '{row}' is free (type N) and has no right-hand side"));
                    }
                    else
                    {
                        constraints[r] = constraint with { Lower = hasLower ? value : constraint.Lower, Upper = hasUpper ? value : constraint.Upper };
                    }

                    break;
                case "rowLower":
                    constraints[r] = constraints[r] with { Lower = value };
                    break;
                case "rowUpper":
                    constraints[r] = constraints[r] with { Upper = value };
                    break;
                case "lower":
                    variables[c] = variables[c] with { Lower = value };
                    break;
                case "upper":
                    variables[c] = variables[c] with { Upper = value };
                    break;
                case "objective":
                    objective.RemoveAll(t => t.Variable == c);
                    objective.Add(new LinearTerm(c, value));
                    break;
                default:
                    var terms = constraints[r].Terms.Where(t => t.Variable != c).Append(new LinearTerm(c, value)).ToArray();
                    constraints[r] = constraints[r] with { Terms = terms };
                    break;
            }
        }

        return errors.Count == 0
            ? new LinearModel(model.Name, parameters, variables, constraints, model.Maximize, [.. objective], model.ObjectiveOffset)
            : null;
    }

    private static (string Kind, string? Row, string? Column)? Target(JsonElement binding, string part, List<ModelError> errors)
    {
        string? Read(string property) =>
            binding.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var names = binding.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        (string, string?, string?)? target = names switch
        {
            ["rhs"] when Read("rhs") is { } row => ("rhs", row, null),
            ["rowLower"] when Read("rowLower") is { } row => ("rowLower", row, null),
            ["rowUpper"] when Read("rowUpper") is { } row => ("rowUpper", row, null),
            ["lower"] when Read("lower") is { } column => ("lower", null, column),
            ["upper"] when Read("upper") is { } column => ("upper", null, column),
            ["objective"] when Read("objective") is { } column => ("objective", null, column),
            ["column", "row"] when Read("row") is { } row && Read("column") is { } column => ("coefficient", row, column),
            _ => null,
        };
        if (target is null)
        {
            errors.Add(new ModelError(part, "a binding is one of { \"rhs\": ROW }, { \"rowLower\": ROW }, { \"rowUpper\": ROW }, { \"lower\": COLUMN }, { \"upper\": COLUMN }, { \"objective\": COLUMN } or { \"row\": ROW, \"column\": COLUMN }, with names as strings"));
        }

        return target;
    }

    private static Dictionary<string, int> Index(IEnumerable<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var name in names)
        {
            index.TryAdd(name, i++);
        }

        return index;
    }
}
