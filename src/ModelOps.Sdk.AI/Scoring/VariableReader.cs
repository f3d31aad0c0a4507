using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace ModelOps.Sdk.AI.Scoring;

/// <summary>
/// Reads a prompt's variables from an input: <see cref="PromptInput.Variables"/>, or the public readable properties of any class
/// named after the variables (ignoring case). Properties are found once, when the predictor is created.
/// </summary>
internal sealed class VariableReader<TInput>
    where TInput : class
{
    private readonly IReadOnlyList<string> _variables;
    private readonly ModelVersion _version;
    private readonly PropertyInfo[]? _properties;

    public VariableReader(IReadOnlyList<string> variables, ModelVersion version)
    {
        _variables = variables;
        _version = version;
        if (typeof(TInput) == typeof(PromptInput))
        {
            return;
        }

        var candidates = typeof(TInput).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        _properties = new PropertyInfo[variables.Count];
        for (var i = 0; i < variables.Count; i++)
        {
            var matches = candidates.Where(p => string.Equals(p.Name, variables[i], StringComparison.OrdinalIgnoreCase)).ToArray();
            _properties[i] = matches.Length switch
            {
                1 => matches[0],
                0 => throw new ModelSignatureMismatchException(version.ModelName, version.Version, variables[i], $"{typeof(TInput).Name} has no public readable property for the template variable '{variables[i]}'"),
                _ => matches.FirstOrDefault(p => p.Name == variables[i])
                    ?? throw new ModelSignatureMismatchException(version.ModelName, version.Version, variables[i], $"{typeof(TInput).Name} has several properties named '{variables[i]}' ignoring case"),
            };
        }
    }

    public Dictionary<string, string> Read(TInput input)
    {
        if (input is null)
        {
            throw new InvalidModelInputException(_version.ModelName, _version.Version, null, "the input is null");
        }

        var values = new Dictionary<string, string>(_variables.Count, StringComparer.Ordinal);
        if (input is PromptInput prompt)
        {
            foreach (var variable in _variables)
            {
                values[variable] = prompt.Variables.TryGetValue(variable, out var value) && value is not null
                    ? value
                    : throw new InvalidModelInputException(_version.ModelName, _version.Version, variable, "the template variable has no value in PromptInput.Variables");
            }

            return values;
        }

        for (var i = 0; i < _variables.Count; i++)
        {
            values[_variables[i]] = Format(_properties![i].GetValue(input), _variables[i]);
        }

        return values;
    }

    /// <summary>Reads the variables from a JSON object: strings as they are, other values as their JSON text.</summary>
    public static Dictionary<string, string> Read(JsonElement input, IReadOnlyList<string> variables, ModelVersion version)
    {
        var values = new Dictionary<string, string>(variables.Count, StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            var value = Flavors.JsonModelFields.GetRequiredField(input, variable, version);
            values[variable] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Null => throw new InvalidModelInputException(version.ModelName, version.Version, variable, "the template variable is null"),
                _ => value.GetRawText(),
            };
        }

        return values;
    }

    private string Format(object? value, string variable) => value switch
    {
        null => throw new InvalidModelInputException(_version.ModelName, _version.Version, variable, "the template variable is null"),
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, value.GetType(), JsonSerializerOptions.Web),
    };
}
