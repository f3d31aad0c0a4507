using System.Reflection;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>
/// Builds a <see cref="MonitoringSchema{TInput, TOutput}"/>: add properties (read through delegates compiled once) or your own
/// read functions, for input features and for model outputs. Names must be unique within inputs and within outputs.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>Not thread-safe; single use: <see cref="Build"/> may be called once.</remarks>
public sealed class MonitoringSchemaBuilder<TInput, TOutput>
{
    private readonly List<FeatureReader<TInput>> _inputs = [];
    private readonly List<FeatureReader<TOutput>> _outputs = [];
    private bool _built;

    /// <summary>Adds every public readable instance property of <typeparamref name="TInput"/> whose type is a number, string, enum
    /// or boolean (or their nullable forms) as an input feature named after the property.</summary>
    /// <param name="exclude">Property names to leave out (ordinal).</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddInputProperties(params string[] exclude)
    {
        _inputs.AddRange(ReadersOf<TInput>(exclude));
        return this;
    }

    /// <summary>Adds every monitorable public property of <typeparamref name="TOutput"/> as a prediction, like <see cref="AddInputProperties"/>.</summary>
    /// <param name="exclude">Property names to leave out (ordinal).</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddPredictionProperties(params string[] exclude)
    {
        _outputs.AddRange(ReadersOf<TOutput>(exclude));
        return this;
    }

    /// <summary>Adds a numeric input feature read by a function; return <see cref="double.NaN"/> for a missing value.</summary>
    /// <param name="name">The feature's name.</param>
    /// <param name="read">Reads the value; called on the hot path, so it should not allocate.</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddNumericInput(string name, Func<TInput, double> read)
    {
        _inputs.Add(FeatureReader<TInput>.ForNumber(Name(name), read ?? throw new ArgumentNullException(nameof(read))));
        return this;
    }

    /// <summary>Adds a categorical input feature read by a function; return <see langword="null"/> for a missing value.</summary>
    /// <param name="name">The feature's name.</param>
    /// <param name="read">Reads the category; called on the hot path, so return existing strings rather than new ones.</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddCategoricalInput(string name, Func<TInput, string?> read)
    {
        _inputs.Add(FeatureReader<TInput>.ForCategory(Name(name), read ?? throw new ArgumentNullException(nameof(read))));
        return this;
    }

    /// <summary>Adds a boolean input feature read by a function; return <see langword="null"/> for a missing value.</summary>
    /// <param name="name">The feature's name.</param>
    /// <param name="read">Reads the value.</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddBooleanInput(string name, Func<TInput, bool?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _inputs.Add(FeatureReader<TInput>.ForBoolean(Name(name), row => read(row) is { } b ? (b ? 1 : 0) : -1));
        return this;
    }

    /// <summary>Adds a numeric model output read by a function (a score, a probability); <see cref="double.NaN"/> for missing.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="read">Reads the value.</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddNumericPrediction(string name, Func<TOutput, double> read)
    {
        _outputs.Add(FeatureReader<TOutput>.ForNumber(Name(name), read ?? throw new ArgumentNullException(nameof(read))));
        return this;
    }

    /// <summary>Adds a categorical model output read by a function (a class label); <see langword="null"/> for missing.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="read">Reads the label.</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddCategoricalPrediction(string name, Func<TOutput, string?> read)
    {
        _outputs.Add(FeatureReader<TOutput>.ForCategory(Name(name), read ?? throw new ArgumentNullException(nameof(read))));
        return this;
    }

    /// <summary>Adds a boolean model output read by a function (an approve/decline decision); <see langword="null"/> for missing.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="read">Reads the decision.</param>
    /// <returns>This builder.</returns>
    public MonitoringSchemaBuilder<TInput, TOutput> AddBooleanPrediction(string name, Func<TOutput, bool?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _outputs.Add(FeatureReader<TOutput>.ForBoolean(Name(name), row => read(row) is { } b ? (b ? 1 : 0) : -1));
        return this;
    }

    /// <summary>Builds the schema.</summary>
    /// <returns>The schema.</returns>
    /// <exception cref="ArgumentException">No feature and no prediction was added, or a name is used twice.</exception>
    /// <exception cref="InvalidOperationException">The builder was already built.</exception>
    public MonitoringSchema<TInput, TOutput> Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("This MonitoringSchemaBuilder was already built; create a new one.");
        }

        var problems = new List<string>();
        if (_inputs.Count == 0 && _outputs.Count == 0)
        {
            problems.Add($"no field of {typeof(TInput).Name} or {typeof(TOutput).Name} is monitored (add properties or read functions)");
        }

        foreach (var (role, names) in new[] { ("input", _inputs.Select(r => r.Name)), ("prediction", _outputs.Select(r => r.Name)) })
        {
            foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add($"the {role} name '{duplicate.Key}' is used {duplicate.Count()} times");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The monitoring schema is invalid: " + string.Join("; ", problems) + ".");
        }

        _built = true;
        return new MonitoringSchema<TInput, TOutput>([.. _inputs], [.. _outputs]);
    }

    private static IEnumerable<FeatureReader<T>> ReadersOf<T>(string[] exclude)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0
                || Array.IndexOf(exclude, property.Name) >= 0 || PropertyReaderCompiler.KindOf(property.PropertyType) is null)
            {
                continue;
            }

            yield return PropertyReaderCompiler.Compile<T>(property, property.Name);
        }
    }

    private static string Name(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
