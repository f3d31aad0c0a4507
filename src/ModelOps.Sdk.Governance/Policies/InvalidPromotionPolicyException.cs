namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// Thrown when a promotion policy description is invalid: a gate type nobody registered, a gate parameter missing, unknown or out
/// of range, a negative number of approvals, or JSON that is not a policy. Every problem found is listed in <see cref="Errors"/>,
/// each naming the gate (position and type) and the field. Nothing was stored; a stored policy that no longer builds (for example
/// one naming a custom gate type this process does not register) is reported the same way instead of being evaluated.
/// </summary>
public sealed class InvalidPromotionPolicyException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidPromotionPolicyException"/> class.</summary>
    /// <param name="modelName">The model whose policy it is, or <see langword="null"/> for the registry-wide default or a policy not yet assigned.</param>
    /// <param name="errors">Every problem, at least one.</param>
    /// <param name="source">Where the policy came from, for the message (for example <c>stored policy revision 3 of model 'credit'</c>), or <see langword="null"/>.</param>
    public InvalidPromotionPolicyException(string? modelName, IReadOnlyList<PromotionPolicyError> errors, string? source = null)
        : base(Describe(modelName, errors, source))
    {
        ModelName = modelName;
        Errors = errors;
    }

    /// <summary>Gets the model whose policy it is, or <see langword="null"/>.</summary>
    public string? ModelName { get; }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<PromotionPolicyError> Errors { get; }

    private static string Describe(string? modelName, IReadOnlyList<PromotionPolicyError> errors, string? source)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var what = source ?? (modelName is null ? "The promotion policy" : $"The promotion policy of model '{modelName}'");
        return $"{what} is invalid ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}): {string.Join("; ", errors)}";
    }
}
