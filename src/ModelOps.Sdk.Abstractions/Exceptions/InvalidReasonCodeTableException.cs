namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a reason-code table (<see cref="Explanations.ReasonCodeTable"/>) is invalid: it is not a table, it was written by a
/// newer library, or an entry is incomplete or repeats another. Nothing is stored.
/// </summary>
public sealed class InvalidReasonCodeTableException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidReasonCodeTableException"/> class.</summary>
    /// <param name="modelName">The model the table is for, if known.</param>
    /// <param name="version">The version the table is for, if known.</param>
    /// <param name="entry">The position of the bad entry in <see cref="Explanations.ReasonCodeTable.Entries"/>, or <see langword="null"/> when the table as a whole is bad.</param>
    /// <param name="field">The field at fault, for example <c>Direction</c> or <c>MaxReasons</c>.</param>
    /// <param name="problem">What is wrong.</param>
    public InvalidReasonCodeTableException(string? modelName, int? version, int? entry, string field, string problem)
        : base("Invalid reason-code table"
            + (modelName is null ? string.Empty : $" for model '{modelName}'" + (version is null ? string.Empty : $" version {version}"))
            + (entry is null ? $" at {field}" : $" at entry {entry} field {field}") + $": {problem}.")
    {
        ModelName = modelName;
        Version = version;
        Entry = entry;
        Field = field;
    }

    /// <summary>Gets the model the table is for, if known.</summary>
    public string? ModelName { get; }

    /// <summary>Gets the version the table is for, if known.</summary>
    public int? Version { get; }

    /// <summary>Gets the position of the bad entry, or <see langword="null"/> when the table as a whole is bad.</summary>
    public int? Entry { get; }

    /// <summary>Gets the field at fault.</summary>
    public string Field { get; }
}
