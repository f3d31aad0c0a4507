namespace ModelOps.Sdk.Governance.Retention;

/// <summary>Thrown when a retention policy is invalid; nothing was stored.</summary>
public sealed class InvalidRetentionPolicyException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidRetentionPolicyException"/> class.</summary>
    /// <param name="modelName">The model the policy is for, or <see langword="null"/> for the registry-wide default or a policy read on its own.</param>
    /// <param name="errors">Every problem, each naming its field.</param>
    public InvalidRetentionPolicyException(string? modelName, IReadOnlyList<string> errors)
        : base($"The retention policy{(modelName is null ? string.Empty : $" of model '{modelName}'")} is invalid: {string.Join("; ", errors ?? [])}.")
    {
        ModelName = modelName;
        Errors = errors ?? [];
    }

    /// <summary>Gets the model the policy is for, or <see langword="null"/>.</summary>
    public string? ModelName { get; }

    /// <summary>Gets every problem, each naming its field (for example <c>monitoringReports.keepLast: 0 is less than 1</c>).</summary>
    public IReadOnlyList<string> Errors { get; }
}
