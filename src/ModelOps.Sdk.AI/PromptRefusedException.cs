namespace ModelOps.Sdk.AI;

/// <summary>
/// Thrown when the model refused to answer: the provider stopped with the <c>content_filter</c> finish reason, or the response
/// matched one of the prompt's <c>refusalPatterns</c>. Each one is counted by the <c>modelops.ai.refusals</c> counter.
/// </summary>
public sealed class PromptRefusedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="PromptRefusedException"/> class.</summary>
    /// <param name="modelName">The prompt model.</param>
    /// <param name="version">The version.</param>
    /// <param name="reason">How the refusal was recognised, for example <c>finish reason content_filter</c>.</param>
    /// <param name="output">The response's text.</param>
    public PromptRefusedException(string modelName, int version, string reason, string output)
        : base($"Prompt model '{modelName}' version {version} refused to answer ({reason}).")
    {
        ModelName = modelName;
        Version = version;
        Reason = reason;
        Output = output;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets how the refusal was recognised.</summary>
    public string Reason { get; }

    /// <summary>Gets the response's text.</summary>
    public string Output { get; }
}
