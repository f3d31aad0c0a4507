using System.Globalization;
using System.Text.Json;

namespace ModelOps.Sdk.Flavors;

/// <summary>
/// Reads typed field values from the JSON input of <see cref="IJsonScoringModel.ScoreJson"/>, failing with the
/// <see cref="InvalidModelInputException"/> the contract documents: it names the model, the version and the field.
/// </summary>
/// <remarks>
/// Fields are matched by name exactly, or else ignoring case when exactly one property matches that way (an input example written
/// with web JSON defaults names <c>Income</c> as <c>income</c>). Numbers are read as JSON numbers only; a string holding digits is
/// the wrong kind.
/// </remarks>
public static class JsonModelFields
{
    /// <summary>Checks that the input is a JSON object.</summary>
    /// <param name="input">The input.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <exception cref="InvalidModelInputException">The input is not a JSON object.</exception>
    public static void EnsureObject(JsonElement input, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(version, null, $"the input is {Describe(input.ValueKind)}, not a JSON object of the signature's input fields");
        }
    }

    /// <summary>Finds a field of the input object.</summary>
    /// <param name="input">The input object.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <param name="value">The field's value (which may be the JSON <c>null</c>), when found.</param>
    /// <returns><see langword="true"/> when the object has the field.</returns>
    /// <exception cref="InvalidModelInputException">The input is not an object, or two properties match the field only ignoring case.</exception>
    public static bool TryGetField(JsonElement input, string field, ModelVersion version, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(field);
        EnsureObject(input, version);
        if (input.TryGetProperty(field, out value))
        {
            return true;
        }

        var found = false;
        foreach (var property in input.EnumerateObject())
        {
            if (!string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (found)
            {
                throw Invalid(version, field, "two properties match it when case is ignored; spell it exactly once");
            }

            value = property.Value;
            found = true;
        }

        return found;
    }

    /// <summary>Gets a field the signature requires.</summary>
    /// <param name="input">The input object.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <returns>The field's value (which may be the JSON <c>null</c>).</returns>
    /// <exception cref="InvalidModelInputException">The input is not an object, or the field is missing.</exception>
    public static JsonElement GetRequiredField(JsonElement input, string field, ModelVersion version) =>
        TryGetField(input, field, version, out var value) ? value : throw Invalid(version, field, "the field is missing");

    /// <summary>Reads a JSON number as a <see cref="double"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field it belongs to, for the message (for example <c>pixels[3]</c>).</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidModelInputException">The value is not a number.</exception>
    public static double ReadDouble(JsonElement value, string field, ModelVersion version) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw WrongKind(value, field, version, "a number");

    /// <summary>Reads a JSON number that is a whole number in the range of <see cref="long"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field it belongs to, for the message.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="InvalidModelInputException">The value is not an integer, or it does not fit in 64 bits.</exception>
    public static long ReadInt64(JsonElement value, string field, ModelVersion version)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var integer))
            {
                return integer;
            }

            // 3.0 is the integer 3; 3.5 and 1e30 are not integers that fit.
            if (value.TryGetDouble(out var number) && number == Math.Floor(number) && number >= long.MinValue && number < long.MaxValue)
            {
                return (long)number;
            }

            throw Invalid(version, field, string.Create(CultureInfo.InvariantCulture, $"the value {value.GetRawText()} is not a whole number that fits in 64 bits"));
        }

        throw WrongKind(value, field, version, "an integer");
    }

    /// <summary>Reads a JSON string.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field it belongs to, for the message.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <returns>The string.</returns>
    /// <exception cref="InvalidModelInputException">The value is not a string.</exception>
    public static string ReadString(JsonElement value, string field, ModelVersion version) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongKind(value, field, version, "a string");

    /// <summary>Reads a JSON <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field it belongs to, for the message.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <returns>The Boolean.</returns>
    /// <exception cref="InvalidModelInputException">The value is not a Boolean.</exception>
    public static bool ReadBoolean(JsonElement value, string field, ModelVersion version) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw WrongKind(value, field, version, "true or false"),
    };

    /// <summary>
    /// Flattens a value into its scalars in row-major order: a scalar gives one element, an array its elements, nested arrays their
    /// elements in order (as a tensor's values are laid out). Nested arrays must be rectangular.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field it belongs to, for the message.</param>
    /// <param name="version">The version being scored, for the message.</param>
    /// <param name="shape">The lengths of the nested arrays, outermost first (empty for a scalar).</param>
    /// <returns>The scalars; read each with <see cref="ReadDouble"/> and its siblings.</returns>
    /// <exception cref="InvalidModelInputException">The value is an object or null, or its nested arrays are ragged.</exception>
    public static IReadOnlyList<JsonElement> Flatten(JsonElement value, string field, ModelVersion version, out IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(version);
        var lengths = new List<int>();
        for (var level = value; level.ValueKind == JsonValueKind.Array; level = level.GetArrayLength() > 0 ? level[0] : default)
        {
            lengths.Add(level.GetArrayLength());
            if (level.GetArrayLength() == 0)
            {
                break;
            }
        }

        var scalars = new List<JsonElement>();
        Collect(value, 0, lengths, scalars, field, version);
        shape = lengths;
        return scalars;
    }

    /// <summary>Names a JSON kind with its article, for messages: <c>a string</c>, <c>an array</c>, <c>null</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The description.</returns>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a Boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static void Collect(JsonElement value, int depth, List<int> lengths, List<JsonElement> scalars, string field, ModelVersion version)
    {
        if (depth < lengths.Count)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != lengths[depth])
            {
                throw Invalid(version, field, $"the nested arrays are ragged: at depth {depth} expected an array of {lengths[depth]} elements, found {Describe(value.ValueKind)}"
                    + (value.ValueKind == JsonValueKind.Array ? string.Create(CultureInfo.InvariantCulture, $" of {value.GetArrayLength()}") : string.Empty));
            }

            foreach (var item in value.EnumerateArray())
            {
                Collect(item, depth + 1, lengths, scalars, field, version);
            }

            return;
        }

        if (value.ValueKind is JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined)
        {
            throw Invalid(version, field, $"found {Describe(value.ValueKind)} where a scalar value was expected");
        }

        scalars.Add(value);
    }

    private static InvalidModelInputException WrongKind(JsonElement value, string field, ModelVersion version, string expected) =>
        Invalid(version, field, $"expected {expected}, found {Describe(value.ValueKind)}" + (value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? $" ({value.GetRawText()})" : string.Empty));

    private static InvalidModelInputException Invalid(ModelVersion version, string? field, string problem)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new InvalidModelInputException(version.ModelName, version.Version, field, problem);
    }
}
