namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// Thrown when an experiment definition is invalid. Every problem found is listed in <see cref="Errors"/>, each naming the field
/// (for example <c>Challengers[0].Weight: must be finite and not negative, was -1</c>); nothing was stored or routed.
/// </summary>
public sealed class InvalidExperimentDefinitionException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidExperimentDefinitionException"/> class.</summary>
    /// <param name="modelName">The model, if known.</param>
    /// <param name="experimentName">The experiment, if known.</param>
    /// <param name="errors">Every problem, one per entry, each starting with the field's name.</param>
    public InvalidExperimentDefinitionException(string? modelName, string? experimentName, IReadOnlyList<string> errors)
        : base(Describe(modelName, experimentName, errors))
    {
        ModelName = modelName;
        ExperimentName = experimentName;
        Errors = errors;
    }

    /// <summary>Gets the model, if known.</summary>
    public string? ModelName { get; }

    /// <summary>Gets the experiment, if known.</summary>
    public string? ExperimentName { get; }

    /// <summary>Gets every problem found, each starting with the field's name.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(string? modelName, string? experimentName, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var what = $"experiment '{experimentName ?? "(unnamed)"}' of model '{modelName ?? "(none)"}'";
        return $"The {what} is invalid ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}):{Environment.NewLine}- "
            + string.Join(Environment.NewLine + "- ", errors);
    }
}
