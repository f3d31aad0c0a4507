namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Thrown when statistics cannot be merged or read: they belong to different arms, experiments or metric kinds, were recorded
/// with a different bin layout, or a stored statistics document is not valid. Nothing is merged.
/// </summary>
public sealed class ExperimentStatisticsMismatchException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ExperimentStatisticsMismatchException"/> class.</summary>
    /// <param name="subject">What was being merged or read, for example <c>arm 'challenger'</c>.</param>
    /// <param name="field">The field that differs or is invalid, for example <c>Kind</c>.</param>
    /// <param name="problem">What is wrong, with both values.</param>
    public ExperimentStatisticsMismatchException(string subject, string field, string problem)
        : base($"Statistics of {subject} cannot be used: {field}: {problem}.")
    {
        Subject = subject;
        Field = field;
    }

    /// <summary>Gets what was being merged or read.</summary>
    public string Subject { get; }

    /// <summary>Gets the field that differs or is invalid.</summary>
    public string Field { get; }
}
