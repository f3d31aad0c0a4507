using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// One gate of a <see cref="PromotionPolicyDocument"/>: a gate type (for example <c>metric-threshold</c>) and its parameters, as
/// <see cref="PromotionGateCatalog"/> turns it into an <see cref="Gates.IPromotionGate"/>.
/// </summary>
/// <remarks>
/// <para>
/// In JSON a specification is one flat object, the same shape as a gate in the <c>modelops</c> tool's <c>Governance</c>
/// configuration section: <c>{ "type": "metric-threshold", "metric": "auc", "minimum": 0.8 }</c>. Every property other than
/// <c>type</c> is a parameter. Names are case-insensitive; a name given twice is an error.
/// </para>
/// <para>
/// Parameter values are kept as JSON. The gate type decides what they mean: numbers may also be written as strings holding an
/// invariant-culture number (configuration supplies them that way), lists as arrays or comma-separated strings, and
/// <see langword="null"/> means "not set" unless the type documents otherwise. Immutable and thread-safe.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var gate = new GateSpecification(BuiltInGateTypes.MetricThreshold).With("metric", "auc").With("minimum", 0.80);
/// </code>
/// </example>
[JsonConverter(typeof(GateSpecificationJsonConverter))]
public sealed class GateSpecification
{
    private readonly OrderedDictionary<string, JsonElement> _parameters;

    /// <summary>Initializes a new instance of the <see cref="GateSpecification"/> class.</summary>
    /// <param name="type">The gate type's name (see <see cref="BuiltInGateTypes"/>, or a type added with <c>AddPromotionGateType</c>). An empty type is reported by <see cref="PromotionGateCatalog.Validate"/>, so every problem of a document shows at once.</param>
    /// <param name="parameters">The parameters, in order; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">Two parameters have the same name (ignoring case), or a name is empty.</exception>
    public GateSpecification(string type, IEnumerable<KeyValuePair<string, JsonElement>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        _parameters = new OrderedDictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(parameters));
            if (string.Equals(name, "type", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("'type' names the gate type and cannot be a parameter.", nameof(parameters));
            }

            if (!_parameters.TryAdd(name, value.Clone()))
            {
                throw new ArgumentException($"The gate parameter '{name}' is given twice (names are case-insensitive).", nameof(parameters));
            }
        }
    }

    /// <summary>Gets the gate type's name, as written.</summary>
    public string Type { get; }

    /// <summary>Gets the parameters in the order given, looked up ignoring case.</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters => _parameters;

    /// <summary>Returns a copy with a string parameter set (replacing one of the same name).</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new specification.</returns>
    public GateSpecification With(string name, string value) => With(name, JsonSerializer.SerializeToElement(value, PromotionPolicyJson.Default.String));

    /// <summary>Returns a copy with a number parameter set (replacing one of the same name).</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new specification.</returns>
    public GateSpecification With(string name, double value) => With(name, JsonSerializer.SerializeToElement(value, PromotionPolicyJson.Default.Double));

    /// <summary>Returns a copy with a Boolean parameter set (replacing one of the same name).</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new specification.</returns>
    public GateSpecification With(string name, bool value) => With(name, JsonSerializer.SerializeToElement(value, PromotionPolicyJson.Default.Boolean));

    /// <summary>Returns a copy with a list parameter set (replacing one of the same name).</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The new specification.</returns>
    public GateSpecification With(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return With(name, JsonSerializer.SerializeToElement(values.ToArray(), PromotionPolicyJson.Default.StringArray));
    }

    /// <summary>Returns a copy with a parameter set to a JSON value (replacing one of the same name).</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new specification.</returns>
    public GateSpecification With(string name, JsonElement value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var parameters = _parameters.ToList();
        var existing = parameters.FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        if (existing >= 0)
        {
            parameters[existing] = new(name, value);
        }
        else
        {
            parameters.Add(new(name, value));
        }

        return new GateSpecification(Type, parameters);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            GateSpecificationJsonConverter.WriteTo(writer, this);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
