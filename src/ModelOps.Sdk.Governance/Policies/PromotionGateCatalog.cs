using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// The gate types policy documents may use, and the one place that turns a <see cref="PromotionPolicyDocument"/> into the
/// <see cref="PromotionPolicy"/> it describes: the nine <see cref="BuiltInGateTypes"/> plus every <see cref="PromotionGateType"/>
/// registered through DI (<c>AddPromotionGateType</c>). Stored policies, <c>modelops policy set</c> and the tool's
/// <c>Governance</c> configuration section all go through it.
/// </summary>
/// <remarks>Thread-safe. <c>AddGovernance</c> registers one per container.</remarks>
public sealed class PromotionGateCatalog
{
    private readonly Dictionary<string, PromotionGateType> _types = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PromotionGateCatalog"/> class with only the built-in gate types.</summary>
    public PromotionGateCatalog()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromotionGateCatalog"/> class.</summary>
    /// <param name="customTypes">Gate types beside the built-in ones.</param>
    /// <exception cref="ArgumentException">Two types have the same name (after normalization), or a custom type reuses a built-in name.</exception>
    public PromotionGateCatalog(IEnumerable<PromotionGateType> customTypes)
    {
        ArgumentNullException.ThrowIfNull(customTypes);
        foreach (var type in BuiltInGateTypes.All.Concat(customTypes))
        {
            ArgumentNullException.ThrowIfNull(type, nameof(customTypes));
            if (!_types.TryAdd(PromotionGateType.Normalize(type.Name), type))
            {
                throw new ArgumentException(
                    $"The promotion gate type '{type.Name}' is registered twice (or collides with '{_types[PromotionGateType.Normalize(type.Name)].Name}'); give each type its own name.",
                    nameof(customTypes));
            }
        }

        TypeNames = _types.Values.Select(t => t.Name).ToArray();
    }

    /// <summary>Gets the names of every known gate type, built-in ones first.</summary>
    public IReadOnlyList<string> TypeNames { get; }

    /// <summary>Checks a document without keeping anything: every gate type known, every parameter present, known and valid, gate names unique, approvals not negative.</summary>
    /// <param name="document">The document.</param>
    /// <returns>Every problem found; empty when the document is valid.</returns>
    public IReadOnlyList<PromotionPolicyError> Validate(PromotionPolicyDocument document) => Build(document).Errors;

    /// <summary>Builds the policy a document describes.</summary>
    /// <param name="document">The document.</param>
    /// <param name="modelName">The model it is for, for the exception's message; <see langword="null"/> for a default policy.</param>
    /// <returns>A new policy with the document's approvals and gates.</returns>
    /// <exception cref="InvalidPromotionPolicyException">The document is invalid; every problem is listed.</exception>
    public PromotionPolicy CreatePolicy(PromotionPolicyDocument document, string? modelName = null)
    {
        var (policy, errors) = Build(document);
        return errors.Count == 0 ? policy : throw new InvalidPromotionPolicyException(modelName, errors);
    }

    private (PromotionPolicy Policy, IReadOnlyList<PromotionPolicyError> Errors) Build(PromotionPolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<PromotionPolicyError>();
        var policy = new PromotionPolicy { RequiredApprovals = Math.Max(0, document.RequiredApprovals) };
        if (document.RequiredApprovals < 0)
        {
            errors.Add(new PromotionPolicyError(null, null, "requiredApprovals", $"is {document.RequiredApprovals}; use 0 or more"));
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var gates = document.Gates ?? [];
        for (var index = 0; index < gates.Count; index++)
        {
            if (Create(index, gates[index], errors) is not { } gate)
            {
                continue;
            }

            if (names.TryGetValue(gate.Name, out var first))
            {
                errors.Add(new PromotionPolicyError(index, gates[index].Type, null,
                    $"its gate name '{gate.Name}' is already used by gates[{first}]; gate names must be unique within a policy"));
                continue;
            }

            names[gate.Name] = index;
            policy.Gates.Add(gate);
        }

        return (policy, errors);
    }

    private IPromotionGate? Create(int index, GateSpecification? specification, List<PromotionPolicyError> errors)
    {
        if (specification is null)
        {
            errors.Add(new PromotionPolicyError(index, null, null, "is null; expected a gate with a 'type'"));
            return null;
        }

        if (string.IsNullOrWhiteSpace(specification.Type))
        {
            errors.Add(new PromotionPolicyError(index, null, "type", $"is missing; expected one of {string.Join(", ", TypeNames)}"));
            return null;
        }

        if (!_types.TryGetValue(PromotionGateType.Normalize(specification.Type), out var type))
        {
            errors.Add(new PromotionPolicyError(index, specification.Type, "type", $"'{specification.Type}' is not a known gate type; expected one of {string.Join(", ", TypeNames)}"));
            return null;
        }

        var parameters = new GateParameters(specification);
        IPromotionGate gate;
        try
        {
            gate = type.Factory(parameters) ?? throw new InvalidOperationException($"The factory of gate type '{type.Name}' returned null.");
        }
        catch (ArgumentException ex)
        {
            errors.Add(new PromotionPolicyError(index, specification.Type, FieldName(specification, ex.ParamName), CleanMessage(ex)));
            return null;
        }

        var unknown = specification.Parameters.Keys.Where(name => !parameters.Asked.Contains(name)).ToArray();
        foreach (var name in unknown)
        {
            errors.Add(new PromotionPolicyError(index, specification.Type, name,
                $"is not a parameter of gate type '{type.Name}'" + (parameters.Asked.Count == 0 ? " (it takes none)" : $" (it takes {string.Join(", ", parameters.Asked)})")));
        }

        return unknown.Length == 0 ? gate : null;
    }

    /// <summary>The field as the specification spells it when the exception names one of its parameters.</summary>
    private static string? FieldName(GateSpecification specification, string? parameter) =>
        parameter is null ? null : specification.Parameters.Keys.FirstOrDefault(k => string.Equals(k, parameter, StringComparison.OrdinalIgnoreCase)) ?? parameter;

    private static string CleanMessage(ArgumentException exception)
    {
        var message = exception.Message;
        if (exception.ParamName is { } name)
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return message.ReplaceLineEndings(" ").Trim();
    }
}
