using System.Linq.Expressions;
using System.Reflection;
using ModelOps.Sdk.Optimization.Definition;

namespace ModelOps.Sdk.Optimization.Scoring;

/// <summary>
/// Reads one solve's parameter values from an input: an <see cref="OptimizationInput"/>'s dictionary, or the public readable
/// properties of any other type, matched to parameter names ignoring case (getters compiled once, when the predictor is created).
/// </summary>
internal sealed class ParameterReader<TInput>
    where TInput : class
{
    private static readonly Type[] NumberTypes = [typeof(double), typeof(float), typeof(decimal), typeof(int), typeof(long)];

    private readonly LinearModel _model;
    private readonly ModelVersion _version;
    private readonly Dictionary<string, int> _index;
    private readonly Func<TInput, double?>?[]? _getters;

    public ParameterReader(LinearModel model, ModelVersion version)
    {
        _model = model;
        _version = version;
        _index = model.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        if (typeof(TInput) == typeof(OptimizationInput))
        {
            return;
        }

        var properties = typeof(TInput).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToArray();
        _getters = new Func<TInput, double?>?[model.Parameters.Count];
        for (var i = 0; i < _getters.Length; i++)
        {
            var parameter = model.Parameters[i];
            var matches = properties.Where(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (matches.Length > 1)
            {
                throw Mismatch(parameter.Name, $"{typeof(TInput).Name} has {matches.Length} properties named '{parameter.Name}' ignoring case; keep one");
            }

            if (matches.Length == 0)
            {
                if (parameter.Default is null)
                {
                    throw Mismatch(parameter.Name, $"{typeof(TInput).Name} has no public property for this required parameter (name one so, ignoring case)");
                }

                continue;
            }

            var property = matches[0];
            var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (Array.IndexOf(NumberTypes, underlying) < 0)
            {
                throw Mismatch(parameter.Name, $"{typeof(TInput).Name}.{property.Name} is {property.PropertyType.Name}; a parameter is read from double, float, decimal, int or long (or their nullable forms)");
            }

            var input = Expression.Parameter(typeof(TInput), "input");
            var read = Expression.Convert(Expression.Property(input, property), typeof(double?));
            _getters[i] = Expression.Lambda<Func<TInput, double?>>(read, input).Compile();
        }
    }

    /// <summary>Reads the values, checking each: unknown names, missing required parameters and non-finite values are refused.</summary>
    public double[] Read(TInput input)
    {
        if (input is null)
        {
            throw Invalid(null, "the input is null");
        }

        var values = new double[_model.Parameters.Count];
        if (_getters is null)
        {
            var parameters = ((OptimizationInput)(object)input).Parameters;
            var given = 0;
            foreach (var (name, value) in parameters)
            {
                if (!_index.TryGetValue(name, out var i))
                {
                    throw Invalid(name, $"the model has no parameter named '{name}' (its parameters are {Names()}); names are case-sensitive");
                }

                values[i] = Check(name, value);
                given++;
            }

            if (given < values.Length)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var parameter = _model.Parameters[i];
                    if (!parameters.ContainsKey(parameter.Name))
                    {
                        values[i] = parameter.Default ?? throw Invalid(parameter.Name, "the parameter is required (it has no default) and is missing");
                    }
                }
            }

            return values;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var parameter = _model.Parameters[i];
            var value = _getters[i]?.Invoke(input);
            values[i] = value is { } v
                ? Check(parameter.Name, v)
                : parameter.Default ?? throw Invalid(parameter.Name, "the parameter is required (it has no default) and the value is null");
        }

        return values;
    }

    private double Check(string name, double value) =>
        double.IsFinite(value) ? value : throw Invalid(name, $"the value is {(double.IsNaN(value) ? "NaN" : "infinite")}; a parameter must be a finite number");

    private string Names() => _model.Parameters.Count == 0 ? "none" : string.Join(", ", _model.Parameters.Select(p => $"'{p.Name}'"));

    /// <summary>The <see cref="Exception.Data"/> key under which the problem is kept, so a batch can restate it with the position.</summary>
    public const string ProblemKey = "ModelOps.Sdk.Optimization.Problem";

    private InvalidModelInputException Invalid(string? field, string problem)
    {
        var exception = new InvalidModelInputException(_version.ModelName, _version.Version, field, problem);
        exception.Data[ProblemKey] = problem;
        return exception;
    }

    private ModelSignatureMismatchException Mismatch(string field, string problem) => new(_version.ModelName, _version.Version, field, problem);
}
