using System.Reflection;
using ModelOps.Sdk.Optimization.Definition;

namespace ModelOps.Sdk.Optimization.Scoring;

/// <summary>
/// Turns an <see cref="OptimizationResult"/> into the caller's output type: the result itself, or a new instance of a type whose
/// public settable properties are named (ignoring case) after the signature's outputs: a variable, <c>objective</c>, <c>status</c>
/// (a <see cref="SolverStatus"/> or a string) or <c>solveTimeMs</c>. Bound once, when the predictor is created.
/// </summary>
internal sealed class ResultWriter<TOutput>
    where TOutput : class
{
    private static readonly Type[] NumberTypes = [typeof(double), typeof(float), typeof(decimal)];

    private readonly Action<TOutput, OptimizationResult>[]? _setters;

    public ResultWriter(LinearModel model, ModelVersion version)
    {
        if (typeof(TOutput) == typeof(OptimizationResult))
        {
            return;
        }

        if (typeof(TOutput).IsAbstract || typeof(TOutput).GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ModelSignatureMismatchException(version.ModelName, version.Version, "(output type)", $"{typeof(TOutput).Name} needs a public parameterless constructor, or score into OptimizationResult");
        }

        var setters = new List<Action<TOutput, OptimizationResult>>();
        foreach (var property in typeof(TOutput).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var isNumber = Array.IndexOf(NumberTypes, underlying) >= 0;
            var variable = model.Variables.Select((v, i) => (v.Name, i)).FirstOrDefault(x => string.Equals(x.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            Func<OptimizationResult, object?>? read = null;
            if (variable.Name is { } name)
            {
                read = r => r.Values.TryGetValue(name, out var value) ? value : double.NaN;
            }
            else if (string.Equals(property.Name, "objective", StringComparison.OrdinalIgnoreCase))
            {
                read = r => r.ObjectiveValue;
            }
            else if (string.Equals(property.Name, "solveTimeMs", StringComparison.OrdinalIgnoreCase))
            {
                read = r => r.SolveTimeMilliseconds;
            }
            else if (string.Equals(property.Name, "status", StringComparison.OrdinalIgnoreCase))
            {
                if (underlying == typeof(SolverStatus))
                {
                    setters.Add((o, r) => property.SetValue(o, r.Status));
                }
                else if (underlying == typeof(string))
                {
                    setters.Add((o, r) => property.SetValue(o, r.Status.ToString()));
                }
                else
                {
                    throw new ModelSignatureMismatchException(version.ModelName, version.Version, "status", $"{typeof(TOutput).Name}.{property.Name} is {property.PropertyType.Name}; use SolverStatus or string");
                }

                continue;
            }

            if (read is null)
            {
                continue;
            }

            if (!isNumber)
            {
                throw new ModelSignatureMismatchException(version.ModelName, version.Version, property.Name, $"{typeof(TOutput).Name}.{property.Name} is {property.PropertyType.Name}; a solution value is written to double, float or decimal (or their nullable forms)");
            }

            setters.Add((o, r) =>
            {
                var value = (double)read(r)!;
                property.SetValue(o, underlying == typeof(double) ? value : Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture));
            });
        }

        if (setters.Count == 0)
        {
            throw new ModelSignatureMismatchException(version.ModelName, version.Version, "(output type)", $"{typeof(TOutput).Name} has no public settable property named after a variable, 'objective', 'status' or 'solveTimeMs'");
        }

        _setters = [.. setters];
    }

    public TOutput Write(OptimizationResult result)
    {
        if (_setters is null)
        {
            return (TOutput)(object)result;
        }

        var output = Activator.CreateInstance<TOutput>();
        foreach (var setter in _setters)
        {
            setter(output, result);
        }

        return output;
    }
}
