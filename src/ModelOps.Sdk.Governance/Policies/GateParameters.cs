using System.Globalization;
using System.Text.Json;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// The parameters of one <see cref="GateSpecification"/>, as a gate type's factory reads them (see <see cref="PromotionGateType"/>).
/// Each getter throws an <see cref="ArgumentException"/> naming the parameter when it is missing or has the wrong type;
/// <see cref="PromotionGateCatalog"/> turns that, and any parameter the factory never asked for, into a
/// <see cref="PromotionPolicyError"/> naming the gate and the field.
/// </summary>
/// <remarks>Names are case-insensitive. Not thread-safe: one instance serves one factory call.</remarks>
public sealed class GateParameters
{
    private readonly GateSpecification _specification;
    private readonly HashSet<string> _asked = new(StringComparer.OrdinalIgnoreCase);

    internal GateParameters(GateSpecification specification)
    {
        _specification = specification;
    }

    /// <summary>Gets the gate type's name as written in the specification.</summary>
    public string Type => _specification.Type;

    /// <summary>Gets the names this factory asked for so far, present or not.</summary>
    internal IReadOnlyCollection<string> Asked => _asked;

    /// <summary>Gets a required string parameter.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value, not empty.</returns>
    /// <exception cref="ArgumentException">It is missing, empty or not a string.</exception>
    public string GetString(string name) =>
        GetOptionalString(name) is { Length: > 0 } value ? value : throw new ArgumentException($"lacks '{name}' (a string)", name);

    /// <summary>Gets an optional string parameter.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value, or <see langword="null"/> when it is absent or null.</returns>
    /// <exception cref="ArgumentException">It is not a string.</exception>
    public string? GetOptionalString(string name) => Find(name) is not { } value
        ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(name, value, "a string");

    /// <summary>Gets a required number.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">It is missing or not a number.</exception>
    public double GetDouble(string name) =>
        GetOptionalDouble(name) ?? throw new ArgumentException($"lacks '{name}' (a number)", name);

    /// <summary>Gets a number, or a default when it is absent or null.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="defaultValue">The value when absent or null.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">It is not a number.</exception>
    public double GetDouble(string name, double defaultValue) => GetOptionalDouble(name) ?? defaultValue;

    /// <summary>Gets an optional number: <paramref name="defaultValue"/> when absent, <see langword="null"/> when written as null.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="defaultValue">The value when the parameter is absent.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">It is not a number (or a string holding an invariant-culture number).</exception>
    public double? GetOptionalDouble(string name, double? defaultValue = null)
    {
        if (!_specification.Parameters.TryGetValue(Ask(name), out var value))
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Invalid(name, value, "a number"),
        };
    }

    /// <summary>Gets a Boolean, or a default when it is absent or null.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="defaultValue">The value when absent or null.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">It is not <c>true</c> or <c>false</c> (or a string holding one).</exception>
    public bool GetBoolean(string name, bool defaultValue) => Find(name) is not { } value
        ? defaultValue
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Invalid(name, value, "true or false"),
        };

    /// <summary>Gets a list of strings: an array of strings, or one comma-separated string (as configuration may supply it).</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The values; empty when the parameter is absent or null.</returns>
    /// <exception cref="ArgumentException">It is neither an array of strings nor a string.</exception>
    public IReadOnlyList<string> GetStrings(string name)
    {
        if (Find(name) is not { } value)
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(e => e.GetString()!).ToArray(),
            _ => throw Invalid(name, value, "an array of strings"),
        };
    }

    /// <summary>Gets a parameter's raw JSON value, for types the getters do not cover.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value, or <see langword="null"/> when absent or null.</returns>
    public JsonElement? GetJson(string name) => Find(name);

    private string Ask(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _asked.Add(name);
        return name;
    }

    private JsonElement? Find(string name) =>
        _specification.Parameters.TryGetValue(Ask(name), out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Names the parameter as the specification spells it, so messages match what the user wrote.</summary>
    private ArgumentException Invalid(string name, JsonElement value, string expected)
    {
        var spelled = _specification.Parameters.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
        return new ArgumentException($"'{spelled}' is {value.GetRawText()}, which is not {expected}", name);
    }
}
